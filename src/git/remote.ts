import { git } from './run.js';

/**
 * What the remote holds for some refs: full ref name → commit (tags peeled through their tag object).
 * One `git ls-remote` for any number of refs.
 */
export async function remoteRefs(root: string, remote: string, refs: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (refs.length === 0) return found;
  const r = await git(['ls-remote', remote, ...refs], { cwd: root });
  const peeled = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (!sha || !ref) continue;
    if (ref.endsWith('^{}')) peeled.set(ref.slice(0, -3), sha);
    else found.set(ref, sha);
  }
  for (const [ref, sha] of peeled) found.set(ref, sha);
  return found;
}

/** Fetches named tags from the remote, replacing local tags of the same names. */
export async function fetchTagsNamed(root: string, remote: string, tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  await git(['fetch', '--quiet', '--no-recurse-submodules', remote, ...tags.map((t) => `+refs/tags/${t}:refs/tags/${t}`)], { cwd: root });
}

/** Deletes local tags. */
export async function deleteTags(root: string, tags: string[]): Promise<void> {
  if (tags.length) await git(['tag', '-d', ...tags], { cwd: root });
}

/** Moves the current branch to a commit, keeping uncommitted changes (refuses where they would be lost). */
export async function resetKeep(root: string, commit: string): Promise<void> {
  await git(['reset', '-q', '--keep', commit], { cwd: root });
}
