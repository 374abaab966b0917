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

/** The tag names a remote has (`git ls-remote --tags --refs`), or null when it cannot be reached. */
export async function remoteTagNames(root: string, remote: string): Promise<string[] | null> {
  const r = await git(['ls-remote', '--tags', '--refs', remote], { cwd: root, okCodes: [1, 2, 128] });
  if (r.code !== 0) return null;
  return r.stdout.split('\n').flatMap((line) => {
    const ref = line.split('\t')[1];
    return ref?.startsWith('refs/tags/') ? [ref.slice('refs/tags/'.length)] : [];
  });
}
