import { rm } from 'node:fs/promises';
import path from 'node:path';
import { commitLinker } from '../changelog/commitLinks.js';
import { RelmanError } from '../errors.js';
import { readFilesAt } from '../git/blobs.js';
import { changedTrackedFiles, commitFiles, remoteUrl, trackedFiles } from '../git/repo.js';
import { git } from '../git/run.js';
import type { PackagePlan } from '../plan/types.js';
import { readRepoFile, writeRepoFile } from '../repository/files.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { adapterFor } from '../workspace/adapters.js';
import { readTexts } from '../workspace/readTexts.js';
import { versionedFiles } from '../workspace/versionedFiles.js';
import { changelogEdit, changelogFile } from './changelogEdit.js';

/** A file the release rewrites: its text as committed at HEAD (null: the file is new) and after. */
export interface FileEdit {
  file: string;
  before: string | null;
  after: string;
}

export interface ReleaseEdits {
  edits: FileEdit[];
  /** Per released package, in plan order: the release notes its tag carries. */
  notes: string[];
  /** Places besides the manifests that hold a version but could not be updated (they are left as they are). */
  warnings: string[];
}

/**
 * Every file the release writes — manifests, the other files that hold the versions (lock files,
 * files other release tools were told to update) and changelogs — computed from HEAD's committed
 * content, before anything is written. Starting from HEAD rather than the working tree makes a rerun
 * after a killed release compute exactly the same files.
 */
export async function releaseEdits(state: RepositoryState, released: PackagePlan[], remote: string | null): Promise<ReleaseEdits> {
  const packages = released.map((p) => {
    const pkg = state.packages.find((x) => x.name === p.name);
    if (!pkg) throw new Error(`package ${p.name} is not in the repository state`);
    return pkg;
  });
  const manifests = packages.map((pkg) => pkg.manifest);
  const changelogs = released.map(changelogFile);
  const bumps = packages.map((pkg, i) => ({ pkg, version: released[i]?.nextVersion as string }));
  const versioned = versionedFiles(bumps, await trackedFiles(state.root), (files) => readTexts(state.root, files));
  const read = [...manifests.map((m) => m.file), ...changelogs, ...versioned.files];
  const committed = state.head.sha ? await readFilesAt(state.root, state.head.sha, read) : new Map<string, string | null>();
  const link = commitLinker(remote ? await remoteUrl(state.root, remote) : null);
  const date = new Date();
  const edits: FileEdit[] = manifests.map((m, i) => {
    const before = committed.get(m.file);
    if (before == null) throw new RelmanError(`${m.file} is not committed`, 'commit the manifest before releasing it');
    return { file: m.file, before, after: adapterFor(m.kind).writeVersion(before, m, bumps[i]?.version as string) };
  });
  const { texts, warnings } = versioned.edit(committed, new Map(edits.map((e) => [e.file, e.after])));
  const changelogEdits = released.map((p, i) => changelogEdit(p, committed.get(changelogs[i] as string) ?? null, date, link));
  return { edits: [...withTexts(edits, texts, committed), ...changelogEdits], notes: changelogEdits.map((c) => c.notes), warnings };
}

/** The edits with these texts written over them, and one more edit for each other file they change. */
function withTexts(edits: FileEdit[], texts: ReadonlyMap<string, string>, committed: ReadonlyMap<string, string | null>): FileEdit[] {
  const files = new Set(edits.map((e) => e.file));
  const others = [...texts].filter(([file]) => !files.has(file)).map(([file, after]) => ({ file, before: committed.get(file) ?? null, after }));
  return [...edits.map((e) => ({ ...e, after: texts.get(e.file) ?? e.after })), ...others];
}

/**
 * The working tree must hold no change relman did not make: a tracked file may differ from HEAD only
 * where a killed run of this same release already wrote it.
 */
export async function checkWorkingTree(root: string, edits: FileEdit[]): Promise<void> {
  const byFile = new Map(edits.map((e) => [e.file, e]));
  const foreign: string[] = [];
  for (const file of await changedTrackedFiles(root)) {
    const edit = byFile.get(file);
    const text = edit ? await readRepoFile(root, file) : undefined;
    if (!edit || (text !== edit.before && text !== edit.after)) foreign.push(file);
  }
  if (foreign.length) {
    throw new RelmanError(
      `the working tree has uncommitted changes: ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}`,
      'commit or stash them first (relman plan works on a dirty tree)',
    );
  }
}

/** Writes the edits and commits exactly those files; on failure the files are put back as HEAD has them. */
export async function commitEdits(root: string, edits: FileEdit[], message: string): Promise<string> {
  for (const e of edits) writeRepoFile(root, e.file, e.after);
  try {
    return await commitFiles(root, edits.map((e) => ({ path: e.file, text: e.after })), message);
  } catch (e) {
    await git(['reset', '-q', '--', ...edits.map((c) => c.file)], { cwd: root, okCodes: [1, 128] });
    const committed = edits.filter((c) => c.before !== null).map((c) => c.file);
    if (committed.length) await git(['checkout', '-q', 'HEAD', '--', ...committed], { cwd: root, okCodes: [1, 128] });
    await Promise.all(edits.filter((c) => c.before === null).map((c) => rm(path.join(root, c.file), { force: true })));
    throw e;
  }
}
