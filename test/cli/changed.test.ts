import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject, runRelman, tempDir } from '../helpers/repo.js';

interface ChangedJson {
  packages: { name: string; path: string; version: string }[];
}

/** Three packages: api and web tagged, worker never tagged. */
function monorepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'services/api/pyproject.toml': pyproject('api', '1.2.0'),
    'services/api/app.py': 'a\n',
    'web/package.json': packageJson('web', '0.4.0'),
    'web/index.js': 'w\n',
    'worker/Cargo.toml': '[package]\nname = "worker"\nversion = "0.1.0"\n',
    'README.md': 'hello\n',
  });
  repo.commit('chore: init');
  repo.tag('api-v1.2.0');
  repo.tag('web-v0.4.0');
  return repo;
}

function changed(repo: TestRepo, ...args: string[]): ChangedJson {
  const r = repo.relman('changed', '--json', ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ChangedJson;
}

describe('relman changed', () => {
  it('by default: packages with commits since their latest tag, and packages never tagged', () => {
    const repo = monorepo();
    repo.commit('fix(api): handler', { 'services/api/app.py': 'b\n' });
    repo.commit('docs: readme', { 'README.md': 'more\n' });
    expect(changed(repo).packages).toEqual([
      { name: 'api', path: 'services/api', version: '1.2.0' },
      { name: 'worker', path: 'worker', version: '0.1.0' },
    ]);
  });

  it('a release commit is no change: after relman release nothing has changed', () => {
    const repo = monorepo();
    repo.commit('feat(web): page', { 'web/page.js': 'p\n' });
    expect(repo.relman('release').code).toBe(0);
    expect(changed(repo).packages).toEqual([]);
    expect(repo.relman('changed').stdout).toBe('no package changed\n');
  });

  it('--since REF: what the branch changed since it left REF, on a clone of a real remote', () => {
    const origin = TestRepo.init({ bare: true });
    const upstream = monorepo();
    upstream.git('remote', 'add', 'origin', origin.dir);
    upstream.git('push', '-q', 'origin', 'main');

    const clone = new TestRepo(path.join(tempDir(), 'clone'));
    upstream.git('clone', '-q', origin.dir, clone.dir);
    clone.git('checkout', '-q', '-b', 'feature');
    clone.commit('feat(web): new page', { 'web/page.js': 'p\n' });
    clone.git('mv', 'services/api/app.py', 'services/api/main.py');
    clone.commit('refactor(api): rename module');
    clone.commit('docs: readme', { 'README.md': 'no package owns this\n' });

    // main moves on meanwhile: its changes are not the branch's.
    upstream.commit('fix(worker): on main', { 'worker/src/lib.rs': 'x\n' });
    upstream.git('push', '-q', 'origin', 'main');
    clone.git('fetch', '-q', 'origin');

    expect(changed(clone, '--since', 'origin/main').packages.map((p) => p.name)).toEqual(['api', 'web']);
  });

  it('--since follows the planner rule: paths globs and excludes from relman.toml', () => {
    const repo = monorepo();
    repo.commit('build: config', {
      'relman.toml': 'exclude = ["**/*.md"]\n\n[packages."api"]\npaths = ["services/api/**", "shared/**"]\n',
    });
    const base = repo.git('rev-parse', 'HEAD');
    repo.commit('docs: web notes', { 'web/NOTES.md': 'n\n' });
    expect(changed(repo, '--since', base).packages).toEqual([]);
    repo.commit('fix: shared code', { 'shared/util.py': 'u\n' });
    expect(changed(repo, '--since', base).packages.map((p) => p.name)).toEqual(['api']);
  });

  it('writes packages and a job matrix to GITHUB_OUTPUT, appending to what is there', () => {
    const repo = monorepo();
    repo.commit('fix(web): x', { 'web/index.js': 'y\n' });
    const outputFile = path.join(tempDir(), 'github_output');
    const withOutput = runRelman(['changed'], repo.dir, { GITHUB_OUTPUT: outputFile });
    expect(withOutput.code).toBe(0);
    expect(withOutput.stdout).toMatch(/^package\s+path\s+version\nweb\s+web\s+0\.4\.0\nworker\s+worker\s+0\.1\.0\n$/);
    const again = runRelman(['changed', '--since', 'HEAD', '--cwd', repo.dir], tempDir(), { GITHUB_OUTPUT: outputFile });
    expect(again.code).toBe(0);
    expect(readFileSync(outputFile, 'utf8')).toBe(
      'packages=["web","worker"]\n' +
        'matrix={"include":[{"name":"web","path":"web","version":"0.4.0"},{"name":"worker","path":"worker","version":"0.1.0"}]}\n' +
        'packages=[]\n' +
        'matrix={"include":[]}\n',
    );
  });

  it('an unknown ref names it, exit 1', () => {
    const repo = monorepo();
    const r = repo.relman('changed', '--since', 'origin/nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^relman: error: --since: no commit named "origin\/nope" in this repository\nhint: fetch it first/);
  });
});
