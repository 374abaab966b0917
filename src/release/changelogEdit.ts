import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { insertChangelogSection, renderChangelogSection, renderReleaseNotes, type CommitLinker } from '../changelog/index.js';
import type { PackagePlan } from '../plan/types.js';

/** A package's CHANGELOG.md with the release's section added, and the release notes that section holds. */
export interface ChangelogEdit {
  file: string;
  /** The file's text, or null when it does not exist yet. */
  before: string | null;
  after: string;
  notes: string;
}

/**
 * The CHANGELOG.md in the package's folder (the repository root's for a package at the root), with a
 * section for the release: every change since the last final release, so a final after candidates
 * lists all of them.
 */
export async function changelogEdit(root: string, p: PackagePlan, date: Date, link: CommitLinker): Promise<ChangelogEdit> {
  if (!p.nextVersion) throw new Error(`package ${p.name} has no version to release`);
  const file = path.posix.join(p.path, 'CHANGELOG.md');
  const before = await readFile(path.join(root, file), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  const release = { version: p.nextVersion, date, commits: p.detail.changes, link };
  return { file, before, after: insertChangelogSection(before, renderChangelogSection(release)), notes: renderReleaseNotes(release) };
}
