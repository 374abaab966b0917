import { gitOut } from './run.js';

/**
 * Files that differ between the merge base of `since` and HEAD, and HEAD (`git diff since...HEAD`): what a
 * branch changed, whatever happened on `since` meanwhile. Renames count as a deletion and an addition,
 * so both the old and the new path are listed.
 */
export async function filesChangedSince(root: string, since: string): Promise<string[]> {
  const out = await gitOut(['-c', 'core.quotePath=false', 'diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', `${since}...HEAD`, '--'], { cwd: root });
  return out.split('\0').filter(Boolean);
}
