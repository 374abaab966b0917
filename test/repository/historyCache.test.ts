import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GIT_ENV, TestRepo, packageJson, runRelman, tempDir } from '../helpers/repo.js';

/** Two packages released once, then a change to each. */
function project(): TestRepo {
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'packages/a/package.json': packageJson('a', '1.0.0'), 'packages/b/package.json': packageJson('b', '2.0.0'), 'README.md': 'hi\n' });
  repo.tag('a-v1.0.0');
  repo.tag('b-v2.0.0');
  repo.commit('fix(a): one', { 'packages/a/x.js': '1\n' });
  repo.commit('feat(b): two', { 'packages/b/y.js': '1\n' });
  return repo;
}

const cacheFile = (repo: TestRepo) => path.join(repo.dir, '.git', 'relman', 'history');

/** `relman plan --json`, and the git commands it ran (GIT_TRACE). */
function plan(repo: TestRepo): { json: unknown; gitCommands: string[] } {
  const trace = path.join(tempDir(), 'trace');
  const r = runRelman(['plan', '--json'], repo.dir, { HOME: repo.dir, ...GIT_ENV, GIT_TRACE: trace });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const gitCommands = readFileSync(trace, 'utf8').split('\n').filter((l) => l.includes('trace: built-in: git'));
  return { json: JSON.parse(r.stdout), gitCommands };
}

/** The plan read with the cache, checked against the plan read without it; returns the git logs that ran. */
function expectSameAsWithoutCache(repo: TestRepo): string[] {
  const cached = plan(repo);
  rmSync(path.join(repo.dir, '.git', 'relman'), { recursive: true, force: true });
  expect(cached.json).toEqual(plan(repo).json);
  return cached.gitCommands.filter((c) => c.includes(' log '));
}

/** Whether relman read only the commits since `since` from git (the cache answered for the rest). */
function readOnlySince(logs: string[], since: string): boolean {
  return logs.length > 0 && logs.every((log) => log.includes(`^${since}`));
}

describe('the history cache', () => {
  it('answers a second plan after new commits by reading only those, with the plan a fresh read gives', () => {
    const repo = project();
    plan(repo);
    expect(existsSync(cacheFile(repo))).toBe(true);
    const before = repo.git('rev-parse', 'HEAD');
    repo.commit('feat(a)!: breaking', { 'packages/a/x.js': '2\n' });
    repo.commit('docs: readme', { 'README.md': 'more\n' });
    expect(readOnlySince(expectSameAsWithoutCache(repo), before)).toBe(true);
  });

  it('is written again only once 200 new commits pile up or the tags change, not for every new commit', () => {
    const repo = project();
    plan(repo);
    const written = readFileSync(cacheFile(repo));
    const cachedHead = repo.git('rev-parse', 'HEAD');
    repo.commit('fix(a): three', { 'packages/a/x.js': '3\n' });
    expect(readOnlySince(plan(repo).gitCommands.filter((c) => c.includes(' log ')), cachedHead)).toBe(true);
    expect(readFileSync(cacheFile(repo)).equals(written)).toBe(true);
    repo.commit('feat(b): four', { 'packages/b/y.js': '4\n' });
    expect(readOnlySince(expectSameAsWithoutCache(repo), cachedHead)).toBe(true);
    // The plan without the cache wrote it anew. 200 more commits, appended by fast-import: the run that
    // reads them writes the cache for the new HEAD.
    const head = repo.git('rev-parse', 'HEAD');
    const stream = Array.from({ length: 200 }, (_, i) => {
      const message = `fix(a): change ${i}\n`;
      const file = `${i}\n`;
      return `commit refs/heads/main\ncommitter Test <test@example.com> ${1_800_000_000 + i} +0000\ndata ${message.length}\n${message}${i === 0 ? `from ${head}\n` : ''}M 100644 inline packages/a/x.js\ndata ${file.length}\n${file}\n`;
    });
    repo.gitInput(stream.join(''), 'fast-import', '--quiet');
    const newHead = repo.git('rev-parse', 'HEAD');
    expect(readOnlySince(plan(repo).gitCommands.filter((c) => c.includes(' log ')), head)).toBe(true);
    repo.commit('fix(b): after', { 'packages/b/y.js': '5\n' });
    expect(readOnlySince(expectSameAsWithoutCache(repo), newHead)).toBe(true);
  });

  it('gives the fresh plan after a release tags new commits, and when nothing changed', () => {
    const repo = project();
    plan(repo);
    const r = repo.relman('release');
    expect(r.code).toBe(0);
    expectSameAsWithoutCache(repo);
    expect(plan(repo).gitCommands.some((c) => c.includes(' log '))).toBe(false);
  });

  it('keeps a new commit that touches several packages once when it writes the cache again, and reads it back whole', () => {
    const repo = project();
    plan(repo);
    const shared = repo.commit('feat!: one change to both\n\nBREAKING CHANGE: the   shared API moved', { 'packages/a/z.js': '1\n', 'packages/b/z.js': '1\n' });
    repo.commit('docs: readme', { 'README.md': 'more\n' });
    // A tag moved to another commit: the cache is written again for the current HEAD, from its result and the new commit.
    repo.tag('deployed', 'HEAD~2', false);
    const rewritten = plan(repo);
    const result = readFileSync(cacheFile(repo), 'latin1');
    expect(result.split(shared).length - 1).toBe(1);
    const again = plan(repo);
    expect(again.gitCommands.some((c) => c.includes(' log '))).toBe(false);
    expect(again.json).toEqual(rewritten.json);
    expectSameAsWithoutCache(repo);
    const a = (again.json as { packages: { name: string; commits: { sha: string; breaking: boolean }[] }[] }).packages.find((p) => p.name === 'a');
    expect(a?.commits[0]).toMatchObject({ sha: shared, breaking: true });
  });

  it('gives the fresh plan when merges bring in branches cut before the cached HEAD', () => {
    const repo = project();
    const fork = repo.git('rev-parse', 'HEAD~1');
    plan(repo);
    const cachedHead = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'side', fork);
    repo.commit('feat(a): on a side branch', { 'packages/a/side.js': '1\n' });
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
    expect(readOnlySince(expectSameAsWithoutCache(repo), cachedHead)).toBe(true);
    // A merge whose first parent is the side branch brings the cached HEAD in second: read afresh.
    plan(repo);
    repo.git('checkout', '-q', '-b', 'other', fork);
    repo.commit('fix(b): elsewhere', { 'packages/b/other.js': '1\n' });
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge main into other', 'main');
    expectSameAsWithoutCache(repo);
  });

  it('gives the fresh plan with a commit-graph file, whose walk orders commits by itself', () => {
    const repo = project();
    repo.git('commit-graph', 'write', '--reachable');
    const fork = repo.git('rev-parse', 'HEAD~1');
    plan(repo);
    repo.git('checkout', '-q', '-b', 'side', fork);
    repo.commit('fix(b): side', { 'packages/b/side.js': '1\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit('fix(a): main', { 'packages/a/main.js': '1\n' });
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
    repo.git('commit-graph', 'write', '--reachable');
    expectSameAsWithoutCache(repo);
  });

  it('reads afresh when HEAD moves to a history the cache was not made from', () => {
    const repo = project();
    plan(repo);
    repo.git('checkout', '-q', '-b', 'older', 'HEAD~1');
    repo.commit('fix(b): only here', { 'packages/b/z.js': '1\n' });
    expectSameAsWithoutCache(repo);
  });

  it('follows a folder moved into a package by a new commit back through the cached commits', () => {
    const repo = project();
    repo.commit('feat: legacy work', { 'legacy/tool.js': '1\n' });
    const before = plan(repo).json as { packages: { name: string; bump: string | null }[] };
    expect(before.packages.find((p) => p.name === 'a')?.bump).toBe('patch');
    const head = repo.git('rev-parse', 'HEAD');
    repo.git('mv', 'legacy/tool.js', 'packages/a/tool.js');
    repo.commit('refactor(a): adopt the legacy tool');
    expect(readOnlySince(expectSameAsWithoutCache(repo), head)).toBe(false);
    const after = plan(repo).json as { packages: { name: string; bump: string | null }[] };
    expect(after.packages.find((p) => p.name === 'a')?.bump).toBe('minor');
  });

  it('is rebuilt when deleted, cut short or corrupt, and the plan stays right', () => {
    const repo = project();
    const fresh = plan(repo).json;
    rmSync(cacheFile(repo));
    expect(plan(repo).json).toEqual(fresh);
    expect(existsSync(cacheFile(repo))).toBe(true);

    const whole = readFileSync(cacheFile(repo));
    writeFileSync(cacheFile(repo), whole.subarray(0, whole.length - 7));
    repo.commit('fix(a): after the cut', { 'packages/a/x.js': '3\n' });
    expectSameAsWithoutCache(repo);

    // A flipped byte in the records, then in the stored result at the end of the file.
    for (const at of [(n: number) => Math.floor(n / 2), (n: number) => n - 40]) {
      plan(repo);
      const bytes = readFileSync(cacheFile(repo));
      bytes.writeUInt8(bytes.readUInt8(at(bytes.length)) ^ 0xff, at(bytes.length));
      writeFileSync(cacheFile(repo), bytes);
      repo.commit('fix(b): after the flip', { 'packages/b/y.js': `${at(bytes.length)}\n` });
      expectSameAsWithoutCache(repo);
    }

    writeFileSync(cacheFile(repo), 'not a cache at all');
    expectSameAsWithoutCache(repo);
  });

  it('is not used once relman.toml changes the package layout or how commits count', () => {
    const repo = project();
    repo.commit('docs(a): guide', { 'packages/a/docs/guide.md': 'x\n' });
    repo.commit('Update readme', { 'packages/b/README.md': 'x\n' });
    const before = plan(repo).json as { packages: { name: string; commits: unknown[] }[] };
    expect(before.packages.find((p) => p.name === 'a')?.commits).toHaveLength(2);
    repo.write({ 'relman.toml': 'exclude = ["packages/a/docs/**"]\nnonConventional = "none"\n' });
    const head = repo.git('rev-parse', 'HEAD');
    const log = expectSameAsWithoutCache(repo);
    expect(readOnlySince(log, head)).toBe(false);
    const after = plan(repo).json as { packages: { name: string; commits: unknown[]; bump: string | null }[] };
    expect(after.packages.find((p) => p.name === 'a')?.commits).toHaveLength(1);
    expect(after.packages.find((p) => p.name === 'b')?.bump).toBe('minor');
  });

  it('is never written for a shallow clone, whose cut commits git shows without parents', () => {
    const origin = project();
    const clone = new TestRepo(tempDir());
    clone.git('clone', '-q', '--depth', '1', '--no-local', origin.dir, clone.dir);
    clone.git('fetch', '-q', '--tags', 'origin');
    const r = clone.relman('plan', '--json');
    expect(r.code).toBe(0);
    expect(existsSync(cacheFile(clone))).toBe(false);
  });
});

describe('the manifest memo', () => {
  const memoFile = (repo: TestRepo) => path.join(repo.dir, '.git', 'relman', 'manifests');
  const versions = (repo: TestRepo) => (plan(repo).json as { packages: { name: string; currentVersion: string }[] }).packages.map((p) => `${p.name}@${p.currentVersion}`);

  it('keeps manifests by their text: an edited manifest is read again, a corrupt memo is ignored', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'packages/a/package.json': packageJson('a', '1.0.0'), 'packages/b/pyproject.toml': '[project]\nname = "b"\nversion = "0.3.0"\n' });
    expect(versions(repo)).toEqual(['a@1.0.0', 'b@0.3.0']);
    expect(existsSync(memoFile(repo))).toBe(true);
    repo.write({ 'packages/b/pyproject.toml': '[project]\nname = "b"\nversion = "0.4.0rc1"\n' });
    expect(versions(repo)).toEqual(['a@1.0.0', 'b@0.4.0-rc.1']);
    writeFileSync(memoFile(repo), readFileSync(memoFile(repo), 'utf8').replace('0.4.0', '9.9.9'));
    expect(versions(repo)).toEqual(['a@1.0.0', 'b@0.4.0-rc.1']);
    repo.write({ 'packages/b/pyproject.toml': '[project]\nname = "b"\nversion = "not a version"\n' });
    const broken = repo.relman('plan', '--json');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('packages/b/pyproject.toml');
  });
});
