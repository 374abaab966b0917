import { RelmanError } from '../errors.js';
import { git, gitOut } from './run.js';

/** The full sha of a commit-ish, or a RelmanError naming it (`what` says where the name came from). */
export async function resolveCommit(root: string, ref: string, what: string): Promise<string> {
  const r = await git(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`], { cwd: root, okCodes: [1, 128] });
  const sha = r.stdout.trim();
  if (r.code !== 0 || !sha) {
    throw new RelmanError(`${what}: no commit named "${ref}" in this repository`, 'fetch it first (in CI: git fetch origin REF, or actions/checkout with fetch-depth: 0)');
  }
  return sha;
}

/**
 * Files that differ between the merge base of `since` and HEAD, and HEAD (`git diff since...HEAD`): what a
 * branch changed, whatever happened on `since` meanwhile. Renames count as a deletion and an addition,
 * so both the old and the new path are listed.
 */
export async function filesChangedSince(root: string, since: string): Promise<string[]> {
  const out = await gitOut(['-c', 'core.quotePath=false', 'diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', `${since}...HEAD`, '--'], { cwd: root });
  return out.split('\0').filter(Boolean);
}
