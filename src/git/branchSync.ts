import { RelmanError } from '../errors.js';
import { git, gitOut } from './run.js';

/** The commit a ref names (`refs/heads/x`, `refs/remotes/origin/x`), or null when there is no such ref. */
export async function refTip(root: string, ref: string): Promise<string | null> {
  const r = await git(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { cwd: root, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() || null : null;
}

export type TreeMerge = { tree: string; conflicts: [] } | { tree: null; conflicts: string[] };

/**
 * Merges two commits in git's object store only (`git merge-tree --write-tree`, the same ort merge
 * `git merge` makes): no checkout, no index, no working tree touched. Returns the merged tree, or
 * the files that conflict.
 */
export async function mergeTrees(root: string, ours: string, theirs: string): Promise<TreeMerge> {
  const r = await git(['-c', 'core.quotePath=false', 'merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', ours, theirs], { cwd: root, okCodes: [1] });
  const [tree = '', ...files] = r.stdout.split('\0').filter(Boolean);
  if (r.code === 0) return { tree, conflicts: [] };
  return { tree: null, conflicts: [...new Set(files)] };
}

/** Makes a commit of a tree with these parents (first parent first) without touching the index; returns its sha. */
export async function commitTree(root: string, tree: string, parents: string[], message: string): Promise<string> {
  return gitOut(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], { cwd: root, input: message });
}

/**
 * Moves a branch from `from` to `to` (a descendant): the checked-out branch by a fast-forward merge,
 * so the working tree follows; any other branch by a compare-and-swap on its ref, which fails rather
 * than lose a commit made meanwhile. `from` null creates the branch.
 */
export async function advanceBranch(root: string, branch: string, from: string | null, to: string, checkedOut: boolean): Promise<void> {
  if (checkedOut) {
    await git(['merge', '-q', '--ff-only', to], { cwd: root });
    return;
  }
  await git(['update-ref', '-m', 'relman sync', `refs/heads/${branch}`, to, from ?? ''], { cwd: root });
}

/** Makes a local branch track `remote`'s branch of the same name. */
export async function trackRemoteBranch(root: string, branch: string, remote: string): Promise<void> {
  await git(['branch', '-q', `--set-upstream-to=${remote}/${branch}`, branch], { cwd: root });
}

/** Pushes one local branch to the same name on a remote; never forces. */
export async function pushBranch(root: string, remote: string, branch: string): Promise<void> {
  const r = await git(['push', '--porcelain', remote, `refs/heads/${branch}:refs/heads/${branch}`], { cwd: root, okCodes: [1, 128] });
  if (r.code === 0) return;
  const rejected = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => /rejected/.test(l))?.trim();
  throw new RelmanError(rejected ? `push of ${branch} to ${remote} was rejected: ${rejected}` : `push of ${branch} to ${remote} failed: ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
}
