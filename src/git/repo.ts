import { RelmanError } from '../errors.js';
import { packBlobs } from './blobs.js';
import { git, gitFields, gitOut } from './run.js';

/** The top folder of the git work tree that contains `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  const r = await git(['rev-parse', '--show-toplevel'], { cwd, okCodes: [128] }).catch((e: RelmanError) => {
    throw new RelmanError(`cannot read ${cwd}: ${e.message}`);
  });
  if (r.code !== 0) throw new RelmanError(`${cwd} is not a git repository`, 'run relman inside a git work tree, or pass --cwd DIR');
  return r.stdout.trim();
}

export interface HeadState {
  /** Full sha of HEAD, or null in a repository with no commits. */
  sha: string | null;
  /** The checked-out branch, or null on a detached HEAD. */
  branch: string | null;
  shallow: boolean;
}

export async function headState(root: string): Promise<HeadState> {
  const [sha, branch, shallow] = await Promise.all([
    git(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { cwd: root, okCodes: [1] }),
    git(['symbolic-ref', '--short', '-q', 'HEAD'], { cwd: root, okCodes: [1] }),
    gitOut(['rev-parse', '--is-shallow-repository'], { cwd: root }),
  ]);
  return { sha: sha.stdout.trim() || null, branch: branch.stdout.trim() || null, shallow: shallow === 'true' };
}

/** Tracked files with uncommitted changes (staged or not); untracked files do not count. */
export async function changedTrackedFiles(root: string): Promise<string[]> {
  const out = await gitOut(['status', '--porcelain=v1', '-z', '--untracked-files=no'], { cwd: root });
  return out
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3));
}

/** Tracked files, repository-relative, POSIX separators. */
export async function trackedFiles(root: string): Promise<string[]> {
  // Read as it streams: a big repository's listing as one buffer would hold relman's memory up (text/pieces.ts).
  const files: string[] = [];
  for await (const fields of gitFields(['-c', 'core.quotePath=false', 'ls-files', '-z'], { cwd: root })) for (const f of fields) if (f) files.push(f);
  return files;
}

/** From this many files, their texts go into the object database as one pack before staging. */
const PACK_FROM = 32;

/**
 * Stages exactly these files, which the caller has just written with these texts, and commits them;
 * returns the new commit's sha. The commit is made even when the files are unchanged (a first release
 * at the manifest's own version still gets its commit).
 */
export async function commitFiles(root: string, files: readonly { path: string; text: string }[], message: string): Promise<string> {
  // Only an optimization: should git refuse it, staging writes the objects as it always does.
  if (files.length >= PACK_FROM) await packBlobs(root, files.map((f) => f.text)).catch(() => {});
  const paths = files.map((f) => f.path);
  await git(['add', '--', ...paths], { cwd: root });
  await git(['commit', '-q', '--allow-empty', '-F', '-', '--', ...paths], { cwd: root, input: message });
  return gitOut(['rev-parse', 'HEAD'], { cwd: root });
}

export async function remoteUrl(root: string, remote: string): Promise<string | null> {
  const r = await git(['remote', 'get-url', remote], { cwd: root, okCodes: [2, 128] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The remote the current branch tracks, else `origin` when it exists, else null. */
export async function defaultRemote(root: string, branch: string | null): Promise<string | null> {
  if (branch) {
    const r = await git(['config', '--get', `branch.${branch}.remote`], { cwd: root, okCodes: [1] });
    if (r.stdout.trim()) return r.stdout.trim();
  }
  return (await remoteUrl(root, 'origin')) ? 'origin' : null;
}
