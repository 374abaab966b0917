import { RelmanError } from '../errors.js';
import { git } from './run.js';

/**
 * Pushes the branch and the tags in one atomic push: the remote takes all of it or none of it,
 * so a rejected push never leaves tags behind that point at a commit the branch lacks. Returns
 * whether the remote changed: false when it already held every ref exactly (`=` in git's porcelain).
 */
export async function pushAtomic(root: string, remote: string, branch: string | null, tags: string[]): Promise<boolean> {
  const refspecs = [...(branch ? [`HEAD:refs/heads/${branch}`] : []), ...tags.map((t) => `refs/tags/${t}:refs/tags/${t}`)];
  if (refspecs.length === 0) return false;
  const r = await git(['push', '--atomic', '--porcelain', remote, ...refspecs], { cwd: root, okCodes: [1, 128] });
  if (r.code === 0) return r.stdout.split('\n').some((line) => /^[ +*-]\t/.test(line));
  const text = `${r.stdout}\n${r.stderr}`;
  if (/\[rejected\]|non-fast-forward|fetch first|\[remote rejected\]/.test(text)) {
    const line = text.split('\n').find((l) => /rejected/.test(l))?.trim() ?? 'rejected';
    throw new RelmanError(`push to ${remote} was rejected, nothing was pushed: ${line}`, 'the remote moved or refused the push; run relman release --push again to push what is not there yet');
  }
  throw new RelmanError(`push to ${remote} failed, nothing was pushed: ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
}
