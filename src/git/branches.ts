import { git, gitOut } from './run.js';

export async function branchExists(root: string, branch: string): Promise<boolean> {
  const r = await git(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: root, okCodes: [1] });
  return r.code === 0;
}

/** The branch release lines merge back into: `main` if it exists, else `master`, else null. */
export async function defaultBranch(root: string): Promise<string | null> {
  for (const name of ['main', 'master']) if (await branchExists(root, name)) return name;
  return null;
}

/** Creates a branch at a commit and checks it out, tracking nothing. */
export async function createAndCheckOut(root: string, branch: string, startCommit: string): Promise<void> {
  await git(['checkout', '-q', '--no-track', '-b', branch, startCommit], { cwd: root });
}

export async function checkOut(root: string, branch: string): Promise<void> {
  await git(['checkout', '-q', branch], { cwd: root });
}

/** How many commits `branch` has that `into` does not. */
export async function commitsNotIn(root: string, branch: string, into: string): Promise<number> {
  return Number(await gitOut(['rev-list', '--count', `${into}..${branch}`, '--'], { cwd: root }));
}

export interface UnmergedBranch {
  /** The branch name (`release-v1.42.2`). */
  name: string;
  /** The remote it is on when there is no local branch of that name, else null. */
  remote: string | null;
}

/**
 * Branches matching a pattern (`release-*`), local and remote-tracking, with commits `into` lacks;
 * a remote branch counts only when no local branch has its name.
 */
export async function unmergedBranches(root: string, pattern: string, into: string): Promise<UnmergedBranch[]> {
  const out = await gitOut(['for-each-ref', `--no-merged=${into}`, '--format=%(refname)', `refs/heads/${pattern}`, `refs/remotes/*/${pattern}`], { cwd: root });
  const found = new Map<string, UnmergedBranch>();
  for (const ref of out.split('\n').filter(Boolean)) {
    if (ref.startsWith('refs/heads/')) {
      const name = ref.slice('refs/heads/'.length);
      found.set(name, { name, remote: null });
      continue;
    }
    const [remote = '', ...rest] = ref.slice('refs/remotes/'.length).split('/');
    const name = rest.join('/');
    if (!found.has(name)) found.set(name, { name, remote });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
