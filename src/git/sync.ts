import { RelmanError } from '../errors.js';
import { git, gitOut } from './run.js';

/** The remote branch a local branch pushes to: its upstream's name, else the same name. */
export async function upstreamBranch(root: string, branch: string): Promise<string> {
  const r = await git(['config', '--get', `branch.${branch}.merge`], { cwd: root, okCodes: [1] });
  return r.stdout.trim().replace(/^refs\/heads\//, '') || branch;
}

/** Fetches one branch of a remote; returns its tip, or null when the remote has no such branch. */
export async function fetchBranch(root: string, remote: string, branch: string): Promise<string | null> {
  const ls = await gitOut(['ls-remote', '--heads', remote, `refs/heads/${branch}`], { cwd: root });
  if (!ls) return null;
  await git(['fetch', '-q', '--no-tags', remote, `refs/heads/${branch}`], { cwd: root });
  return gitOut(['rev-parse', 'FETCH_HEAD^{commit}'], { cwd: root });
}

export async function isAncestor(root: string, ancestor: string, of: string): Promise<boolean> {
  const r = await git(['merge-base', '--is-ancestor', ancestor, of], { cwd: root, okCodes: [1] });
  return r.code === 0;
}

/**
 * Brings the checked-out branch onto `tip` without losing a local commit: fast-forward when behind,
 * rebase local commits when diverged. A conflicting rebase is undone and reported.
 */
export async function catchUp(root: string, tip: string): Promise<void> {
  if (await isAncestor(root, tip, 'HEAD')) return;
  if (await isAncestor(root, 'HEAD', tip)) {
    await git(['merge', '-q', '--ff-only', tip], { cwd: root });
    return;
  }
  const r = await git(['rebase', '-q', tip], { cwd: root, okCodes: [1, 128] });
  if (r.code !== 0) {
    await git(['rebase', '--abort'], { cwd: root, okCodes: [128] });
    throw new RelmanError('the local branch and the remote changed the same lines; nothing was pushed', 'pull and resolve the conflict by hand, then run relman again');
  }
}

/**
 * Pushes HEAD to the remote branch, never forcing. 'moved' when the remote branch moved since it was
 * fetched (git's non-fast-forward rejection, or the remote's ref lock losing a race).
 */
export async function pushHead(root: string, remote: string, branch: string): Promise<'pushed' | 'moved'> {
  const r = await git(['push', '--porcelain', remote, `HEAD:refs/heads/${branch}`], { cwd: root, okCodes: [1] });
  if (r.code === 0) return 'pushed';
  const line = r.stdout.split('\n').find((l) => l.startsWith('!')) ?? '';
  if (/\[rejected\] \((fetch first|non-fast-forward|stale info)\)|\[remote rejected\] \((failed to update ref|cannot lock ref|failed to lock)/.test(line)) return 'moved';
  const detail = (line.split('\t')[2] ?? r.stderr.trim().split('\n').slice(-2).join(' / ')) || `exit status ${r.code}`;
  throw new RelmanError(`git push to ${remote} ${branch} failed: ${detail}`);
}

/** Drops commits down to `rev` on the checked-out branch (only ever relman's own, unpushed commit). */
export async function resetTo(root: string, rev: string): Promise<void> {
  await git(['reset', '-q', '--hard', rev], { cwd: root });
}
