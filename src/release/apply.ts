import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commitLinker } from '../changelog/commitLinks.js';
import { RelmanError } from '../errors.js';
import { changedTrackedFiles, commitPaths, defaultRemote, remoteUrl } from '../git/repo.js';
import { pushAtomic } from '../git/push.js';
import { git } from '../git/run.js';
import { createTag } from '../git/tags.js';
import type { PackagePlan, ReleasePlan } from '../plan/types.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { releaseCommitMessage, releaseCommitTags } from '../repository/releaseCommit.js';
import { adapterFor } from '../workspace/adapters.js';
import { changelogEdit } from './changelogEdit.js';

export interface ReleaseRequest {
  dryRun: boolean;
  push: boolean;
  /** Remote to push to (default: the branch's upstream remote, else origin). */
  remote?: string;
  log: (line: string) => void;
}

export interface ReleaseOutcome {
  released: PackagePlan[];
  commit: string | null;
  tags: string[];
  pushed: boolean;
  /** True when this run finished a release an earlier run had started (its commit already made). */
  resumed: boolean;
}

/** A file the release rewrites: its text before (null: the file is new) and after. */
export interface FileEdit {
  file: string;
  before: string | null;
  after: string;
}

/**
 * Applies a plan: manifests and changelogs, one release commit, one annotated tag per package on that
 * commit, and with `push` one atomic push. Every edit is computed before anything is written, and a failed commit
 * puts the files back, so a failure never leaves a half-applied release.
 */
export async function applyRelease(state: RepositoryState, plan: ReleasePlan, req: ReleaseRequest): Promise<ReleaseOutcome> {
  const released = plan.packages.filter((p) => p.nextVersion && p.tag);
  const none: ReleaseOutcome = { released: [], commit: null, tags: [], pushed: false, resumed: false };
  const problems = released.flatMap((p) => p.detail.problems.map((problem) => `${p.name}: ${problem}`));
  if (problems.length) {
    throw new RelmanError(
      `cannot release: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      'nothing was changed; run relman plan to see each package',
    );
  }
  const resumable = await unfinishedRelease(state);
  if (resumable && !req.dryRun) return finishRelease(state, resumable, req);
  if (released.length === 0 || req.dryRun) return { ...none, released, tags: released.map((p) => p.tag as string) };

  const dirty = await changedTrackedFiles(state.root);
  if (dirty.length) {
    throw new RelmanError(`the working tree has uncommitted changes: ${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}`, 'commit or stash them first (relman plan works on a dirty tree)');
  }
  const remote = req.remote ?? (await defaultRemote(state.root, state.head.branch));
  const link = commitLinker(remote ? await remoteUrl(state.root, remote) : null);
  const date = new Date();
  const changelogs = await Promise.all(released.map((p) => changelogEdit(state.root, p, date, link)));
  const edits = [...(await Promise.all(released.map((p) => manifestEdit(state, p)))), ...changelogs];
  const tags = released.map((p) => p.tag as string);
  const commit = await commitEdits(state.root, edits, releaseCommitMessage(tags));
  req.log(`committed ${commit.slice(0, 7)}: ${tags.join(', ')}`);
  await tagRelease(state.root, commit, released, changelogs.map((c) => c.notes));
  const pushed = req.push ? await push(state, tags, req) : false;
  return { released, commit, tags, pushed, resumed: false };
}

async function manifestEdit(state: RepositoryState, p: PackagePlan): Promise<FileEdit> {
  const pkg = state.packages.find((x) => x.name === p.name);
  if (!pkg || !p.nextVersion) throw new Error(`package ${p.name} is not in the repository state`);
  const before = await readFile(path.join(state.root, pkg.manifest.file), 'utf8');
  return { file: pkg.manifest.file, before, after: adapterFor(pkg.manifest.kind).writeVersion(before, pkg.manifest, p.nextVersion) };
}

/** Writes the edits and commits exactly those files; on failure the files are put back as they were. */
async function commitEdits(root: string, edits: FileEdit[], message: string): Promise<string> {
  const changed = edits.filter((e) => e.before !== e.after);
  await Promise.all(changed.map((e) => writeFile(path.join(root, e.file), e.after)));
  try {
    return await commitPaths(root, edits.map((e) => e.file), message);
  } catch (e) {
    await git(['reset', '-q', '--', ...changed.map((c) => c.file)], { cwd: root, okCodes: [1] });
    await Promise.all(changed.map((edit) => (edit.before === null ? rm(path.join(root, edit.file), { force: true }) : writeFile(path.join(root, edit.file), edit.before))));
    throw e;
  }
}

/** One annotated tag per package; its message is the package's release notes under a `NAME VERSION` line. */
async function tagRelease(root: string, commit: string, released: PackagePlan[], notes: string[]): Promise<void> {
  for (const [i, p] of released.entries()) await createTag(root, p.tag as string, commit, `${p.name} ${p.nextVersion}\n\n${notes[i] ?? ''}`);
}

async function push(state: RepositoryState, tags: string[], req: ReleaseRequest): Promise<boolean> {
  const remote = req.remote ?? (await defaultRemote(state.root, state.head.branch));
  if (!remote) throw new RelmanError('--push: this repository has no remote to push to', 'add one with git remote add origin URL, or pass --remote NAME');
  await pushAtomic(state.root, remote, state.head.branch, tags);
  req.log(`pushed ${state.head.branch ?? 'HEAD'} and ${tags.length} tag(s) to ${remote}`);
  return true;
}

interface UnfinishedRelease {
  commit: string;
  tags: string[];
  missing: string[];
}

/** HEAD is a release commit an earlier run made but did not tag completely. */
async function unfinishedRelease(state: RepositoryState): Promise<UnfinishedRelease | null> {
  if (!state.head.sha) return null;
  const message = (await git(['log', '-1', '--format=%B', state.head.sha], { cwd: state.root })).stdout;
  const tags = releaseCommitTags(message);
  if (!tags) return null;
  const missing = tags.filter((t) => !state.tags.byName.has(t));
  return missing.length ? { commit: state.head.sha, tags, missing } : null;
}

async function finishRelease(state: RepositoryState, unfinished: UnfinishedRelease, req: ReleaseRequest): Promise<ReleaseOutcome> {
  req.log(`finishing the release in ${unfinished.commit.slice(0, 7)}: tagging ${unfinished.missing.join(', ')}`);
  for (const t of unfinished.missing) await createTag(state.root, t, unfinished.commit, `${t}\n`);
  const pushed = req.push ? await push(state, unfinished.tags, req) : false;
  return { released: [], commit: unfinished.commit, tags: unfinished.tags, pushed, resumed: true };
}
