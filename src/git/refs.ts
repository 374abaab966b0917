import { RelmanError } from '../errors.js';
import { git } from './run.js';

/** The full sha of a commit-ish, or a RelmanError naming it (`what` says where the name came from). */
export async function resolveCommit(root: string, ref: string, what: string): Promise<string> {
  const r = await git(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`], { cwd: root, okCodes: [1, 128] });
  const sha = r.stdout.trim();
  if (r.code !== 0 || !sha) {
    throw new RelmanError(`${what}: no commit named "${ref}" in this repository`, 'fetch it first (in CI: git fetch origin REF, or actions/checkout with fetch-depth: 0)');
  }
  return sha;
}
