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

/** Where a package's changelog lives: its folder's CHANGELOG.md (the root's for a package at the root). */
export function changelogFile(p: Pick<PackagePlan, 'path'>): string {
  return path.posix.join(p.path, 'CHANGELOG.md');
}

/**
 * The package's changelog with a section for the release: every change since the last final release,
 * so a final after candidates lists all of them. `before` is the file as the release starts from.
 */
export function changelogEdit(p: PackagePlan, before: string | null, date: Date, link: CommitLinker): ChangelogEdit {
  if (!p.nextVersion) throw new Error(`package ${p.name} has no version to release`);
  const release = { version: p.nextVersion, date, commits: p.detail.changes, link };
  return { file: changelogFile(p), before, after: insertChangelogSection(before, renderChangelogSection(release)), notes: renderReleaseNotes(release) };
}
