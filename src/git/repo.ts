import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RelmanError } from '../errors.js';
import { packBlobs } from './blobs.js';
import { git, gitFields, gitOut } from './run.js';

/** Where a repository is, and the state of its HEAD that needs no branch name. */
export interface RepoLocation {
  /** The top folder of the work tree. */
  root: string;
  /** The absolute path of the git directory (a worktree's own one in a linked worktree). */
  gitDir: string;
  shallow: boolean;
  /** Full sha of HEAD, or null in a repository with no commits. */
  sha: string | null;
}

/**
 * Finds the repository that contains `cwd`, with one git process for what took four: starting git is
 * most of what such a call costs (several milliseconds each, more where starting a process is slow).
 * `--verify -q` exits 1, after the other answers, when HEAD has no commit yet.
 */
export async function locateRepo(cwd: string): Promise<RepoLocation> {
  const args = ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--is-shallow-repository', '--verify', '-q', 'HEAD^{commit}'];
  const r = await git(args, { cwd, okCodes: [1, 128] }).catch((e: RelmanError) => {
    throw new RelmanError(`cannot read ${cwd}: ${e.message}`);
  });
  if (r.code === 128) throw new RelmanError(`${cwd} is not a git repository`, 'run relman inside a git work tree, or pass --cwd DIR');
  const [root = '', gitDir = '', shallow, sha] = r.stdout.split('\n');
  return { root, gitDir, shallow: shallow === 'true', sha: (r.code === 0 && sha) || null };
}

/** The top folder of the git work tree that contains `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  return (await locateRepo(cwd)).root;
}

export interface HeadState {
  /** Full sha of HEAD, or null in a repository with no commits. */
  sha: string | null;
  /** The checked-out branch, or null on a detached HEAD. */
  branch: string | null;
  shallow: boolean;
}

/** HEAD's state; `location`, where the caller has it already, saves reading it again. */
export async function headState(root: string, location?: RepoLocation): Promise<HeadState> {
  const { sha, shallow, gitDir } = location ?? (await locateRepo(root));
  return { sha, branch: await currentBranch(root, gitDir), shallow };
}

/**
 * The checked-out branch, or null on a detached HEAD. Read from the git directory's HEAD file, which
 * names it as `ref: refs/heads/NAME`: a git process would be one more of the few a plan starts. Where
 * the file cannot tell, git is asked: a reftable repository, whose HEAD file always says
 * `refs/heads/.invalid` (no branch name starts with a dot), or a HEAD pointing outside refs/heads.
 */
async function currentBranch(root: string, gitDir: string): Promise<string | null> {
  const head = await readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '');
  const branch = /^ref: refs\/heads\/([^.\s][^\s]*)\s*$/.exec(head)?.[1];
  if (branch) return branch;
  if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?\s*$/.test(head)) return null;
  const r = await git(['symbolic-ref', '--short', '-q', 'HEAD'], { cwd: root, okCodes: [1] });
  return r.stdout.trim() || null;
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
