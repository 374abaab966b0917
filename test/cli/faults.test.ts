import { spawn } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GIT_ENV, TestRepo, packageJson, tempDir, type RunResult } from '../helpers/repo.js';

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));

/** A remote and a clone with two packages released once, and a change for each since. */
function project(remote = TestRepo.init({ bare: true })): { remote: TestRepo; repo: TestRepo } {
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'a/package.json': packageJson('a', '1.0.0'), 'b/package.json': packageJson('b', '1.0.0') });
  repo.tag('a-v1.0.0');
  repo.tag('b-v1.0.0');
  repo.git('remote', 'add', 'origin', remote.dir);
  repo.git('push', '-q', '-u', 'origin', 'main', '--tags');
  repo.commit('fix(a): one', { 'a/x.js': '1\n' });
  repo.commit('feat(b): two', { 'b/y.js': '1\n' });
  return { remote, repo };
}

function clone(remote: TestRepo): TestRepo {
  const repo = new TestRepo(tempDir());
  repo.git('clone', '-q', remote.dir, repo.dir);
  return repo;
}

function hook(repoGitDir: string, name: string, script: string): string {
  const file = path.join(repoGitDir, 'hooks', name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** What must hold once a release finished, however many runs it took. */
function expectReleasedOnce(remote: TestRepo, repo: TestRepo): void {
  const subjects = remote.git('log', '--format=%s', 'main').split('\n');
  expect(subjects.filter((s) => s.startsWith('chore(release):'))).toEqual(['chore(release): a-v1.0.1, b-v1.1.0']);
  const head = remote.git('rev-parse', 'main');
  expect(remote.git('rev-list', '-n', '1', 'a-v1.0.1')).toBe(head);
  expect(remote.git('rev-list', '-n', '1', 'b-v1.1.0')).toBe(head);
  expect(remote.git('tag', '--list').split('\n').sort()).toEqual(['a-v1.0.0', 'a-v1.0.1', 'b-v1.0.0', 'b-v1.1.0']);
  expect(remote.git('show', 'main:a/package.json')).toContain('"version": "1.0.1"');
  expect(remote.git('show', 'main:b/package.json')).toContain('"version": "1.1.0"');
  if (repo.git('rev-parse', 'HEAD') === head) expect(repo.git('status', '--porcelain')).toBe('');
}

/** Starts a release in the background; resolves once `marker` exists, then kills relman and its children. */
async function killAt(repo: TestRepo, marker: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'release', '--push'], { cwd: repo.dir, detached: true, stdio: 'ignore', env: { ...process.env, ...GIT_ENV, HOME: repo.dir } });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 600 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(marker)).toBe(true);
  process.kill(-(child.pid as number), 'SIGKILL');
  await exited;
}

function runAsync(repo: TestRepo, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: { ...process.env, ...GIT_ENV, HOME: repo.dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 128, stdout, stderr }));
  });
}

describe('a release survives faults', () => {
  it('a remote that rejects the push once: the rerun pushes the same release', () => {
    const { remote, repo } = project();
    hook(remote.dir, 'pre-receive', `[ -f "${remote.dir}/rejected-once" ] && exit 0\ntouch "${remote.dir}/rejected-once"\necho "policy says no" >&2\nexit 1`);
    const first = repo.relman('release', '--push');
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('rejected');
    expect(remote.git('tag', '--list')).not.toContain('a-v1.0.1');
    const second = repo.relman('release', '--push');
    expect(second.code).toBe(0);
    expectReleasedOnce(remote, repo);
  });

  const points: [string, string, (marker: string) => string][] = [
    ['after the files are written, before the commit', 'pre-commit', (m) => `touch "${m}"; sleep 60`],
    ['after the commit, before any tag', 'post-commit', (m) => `touch "${m}"; sleep 60`],
    ['after the first tag', 'reference-transaction', (m) => `[ "$1" = committed ] || exit 0\ngrep -q refs/tags/ || exit 0\ntouch "${m}"; sleep 60`],
    ['after the tags, before the push', 'pre-push', (m) => `touch "${m}"; sleep 60`],
  ];
  it.each(points)('killed %s: the rerun finishes the same release', async (_when, hookName, script) => {
    const { remote, repo } = project();
    const marker = path.join(tempDir(), 'reached');
    const file = hook(path.join(repo.dir, '.git'), hookName, script(marker));
    await killAt(repo, marker);
    rmSync(file);
    let rerun = repo.relman('release', '--push');
    if (rerun.code !== 0 && existsSync(path.join(repo.dir, '.git', 'index.lock'))) {
      // git was killed holding its index lock: relman names it and what to run, and changes nothing.
      expect(rerun.stderr).toContain('.git/index.lock');
      expect(rerun.stderr).toMatch(/hint: .*remove/);
      rmSync(path.join(repo.dir, '.git', 'index.lock'));
      rerun = repo.relman('release', '--push');
    }
    expect(rerun.stderr).not.toContain('error');
    expect(rerun.code).toBe(0);
    expectReleasedOnce(remote, repo);
  });

  it('two releases racing against one remote end with one release', async () => {
    const { remote, repo } = project();
    repo.git('push', '-q', 'origin', 'main');
    const [one, two] = [clone(remote), clone(remote)];
    const [r1, r2] = await Promise.all([runAsync(one, ['release', '--push']), runAsync(two, ['release', '--push'])]);
    const winner = [r1, r2].find((r) => r.code === 0 && r.stdout.includes('released a-v1.0.1'));
    const loser = winner === r1 ? r2 : r1;
    expect(winner).toBeDefined();
    expect(loser.code === 0 ? loser.stdout : loser.stderr).toMatch(/already released|remote moved/);
    expectReleasedOnce(remote, winner === r1 ? one : two);
    // The loser is left clean, on the remote's release, with no tag of its own.
    const lost = winner === r1 ? two : one;
    expect(lost.git('status', '--porcelain')).toBe('');
    expect(lost.git('rev-list', '-n', '1', 'a-v1.0.1')).toBe(remote.git('rev-parse', 'main'));
  });
});
