// The generated repositories the bench runs on: built once by ../shared/tools/gen-monorepo.mjs and
// kept under bench/.cache/repos/, plus scratch copies for the runs that write into a repository.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('..', import.meta.url));
export const CACHE = path.join(PROJECT, 'bench', '.cache');
const GENERATOR = path.resolve(PROJECT, '..', 'shared', 'tools', 'gen-monorepo.mjs');

export function git(dir, ...args) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } }).trim();
}

/** The name a generated repository is kept under: every option that changes its history. */
export function repoName({ layout, packages, commits, seed, tagsEvery }) {
  return `${layout}-${packages}p-${commits}c-s${seed}${tagsEvery ? `-t${tagsEvery}` : ''}`;
}

/**
 * The generated repository for these options, built on first use (about a minute per 100,000 commits),
 * with its refs packed as a clone or `git gc` leaves them (the generator writes a file per tag).
 */
export function generatedRepo(options, log) {
  const dir = path.join(CACHE, 'repos', repoName(options));
  const done = `${dir}.done`;
  if (existsSync(done)) return packedRefs(dir);
  if (!existsSync(GENERATOR)) {
    throw new Error(`the repository generator is missing: expected ${GENERATOR} (../shared/tools/gen-monorepo.mjs beside this project)`);
  }
  const { layout, packages, commits, seed, tagsEvery } = options;
  log(`generating ${repoName(options)} (once; kept in ${path.relative(PROJECT, dir)})`);
  mkdirSync(path.dirname(dir), { recursive: true });
  const args = [GENERATOR, dir, '--packages', String(packages), '--commits', String(commits), '--seed', String(seed), '--layout', layout, '--force', '--quiet'];
  if (tagsEvery) args.push('--tags-every', String(tagsEvery));
  execFileSync('nice', ['-n', '10', process.execPath, ...args], { stdio: 'inherit' });
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return packedRefs(dir);
}

function packedRefs(dir) {
  git(dir, 'pack-refs', '--all');
  return dir;
}

/** A fresh copy of a repository (work tree, history and loose refs as they are) for runs that change it. */
export function scratchCopy(dir, label) {
  const copy = path.join(CACHE, 'scratch', `${path.basename(dir)}-${label}`);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(path.dirname(copy), { recursive: true });
  execFileSync('cp', ['-a', dir, copy]);
  return copy;
}

/** tag name → commit, for every tag (peeled). */
export function tagCommits(dir) {
  const out = git(dir, 'for-each-ref', '--format=%(refname:strip=2) %(objectname) %(*objectname)', 'refs/tags');
  return new Map(out.split('\n').filter(Boolean).map((line) => {
    const [name, object, peeled] = line.split(' ');
    return [name, peeled || object];
  }));
}

/**
 * The range one `git log` must cover for every package, computed the way relman does: HEAD minus the
 * merge base of all packages' latest tags, or all of HEAD's history when some package has no tag.
 * `plan` is relman's `plan --json` output; the generator's tags are `{name}-v{version}`.
 */
export function floorRange(dir, plan) {
  const tags = tagCommits(dir);
  const commits = plan.packages.map((p) => tags.get(`${p.name}-v${p.currentVersion}`));
  const untagged = plan.packages.filter((_, i) => !commits[i]).map((p) => p.name);
  const exclude = untagged.length ? [] : git(dir, 'merge-base', '--octopus', '--all', ...new Set(commits)).split('\n').filter(Boolean);
  const range = ['HEAD', ...exclude.map((c) => `^${c}`)];
  return { range, untagged, commits: Number(git(dir, 'rev-list', '--count', ...range)) };
}
