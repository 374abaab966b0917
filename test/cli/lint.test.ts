import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, runRelman, tempDir } from '../helpers/repo.js';

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));

interface LintJson {
  checked: number;
  offending: { sha: string | null; subject: string; problems: string[] }[];
}

describe('relman lint --message', () => {
  it('passes a conventional message, exit 0, outside any repository', () => {
    const r = runRelman(['lint', '--message', 'feat(api): add endpoint'], tempDir());
    expect(r).toMatchObject({ code: 0, stdout: '1 message follows Conventional Commits\n', stderr: '' });
  });

  it('names what is wrong, exit 1', () => {
    const r = runRelman(['lint', '--message', 'Feat:add endpoint'], tempDir());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Feat:add endpoint\n  - missing space after the colon\n');
    expect(r.stderr).toMatch(/^relman: error: the message is not a Conventional Commit\nhint: a header reads type\(scope\): description/);
  });
});

describe('relman lint --range', () => {
  it('names each offending commit by short sha and subject; skips merges and release commits', () => {
    const origin = TestRepo.init({ bare: true });
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0'), 'relman.toml': 'releaseCommits = ["^Bump version"]\n' });
    repo.git('remote', 'add', 'origin', origin.dir);
    repo.git('push', '-q', '-u', 'origin', 'main');

    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('feat: a good one', { 'a.js': '1\n' });
    const bad = repo.commit('added stuff', { 'b.js': '1\n' });
    const feet = repo.commit('feet: walk\nno blank line', { 'c.js': '1\n' });
    repo.commit('Bump version to 1.0.1 [skip ci]', { 'd.js': '1\n' });
    repo.git('checkout', '-q', '-b', 'side', 'main');
    repo.commit('fix: on the side', { 'e.js': '1\n' });
    repo.git('checkout', '-q', 'feature');
    repo.git('merge', '-q', '--no-ff', '-m', 'merged side in, not conventional', 'side');
    expect(repo.relman('release').code).toBe(0);

    const r = repo.relman('lint', '--range', 'origin/main..HEAD', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as LintJson;
    expect(report.checked).toBe(4);
    expect(report.offending).toEqual([
      { sha: feet, subject: 'feet: walk', problems: [expect.stringMatching(/^unknown type "feet"/), 'the body must be separated from the header by a blank line'] },
      { sha: bad, subject: 'added stuff', problems: [expect.stringMatching(/^no type/)] },
    ]);
    expect(r.stderr).toMatch(/^relman: error: 2 of 4 commits are not a Conventional Commit\n/);

    const text = repo.relman('lint', '--range', 'origin/main..');
    expect(text.stdout).toContain(`${feet.slice(0, 7)} feet: walk\n  - unknown type "feet"`);
    expect(text.stdout).toContain(`${bad.slice(0, 7)} added stuff\n  - no type`);

    expect(repo.relman('lint', '--range', `${feet}..HEAD`).code).toBe(0);
  });

  it('refuses what is not A..B (exit 2) and names an unknown ref (exit 1)', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0') });
    expect(repo.relman('lint', '--range', 'main...HEAD').code).toBe(2);
    expect(repo.relman('lint', '--range', 'main').code).toBe(2);
    expect(repo.relman('lint').code).toBe(2);
    expect(repo.relman('lint', '--message', 'fix: a', '--range', 'a..b').code).toBe(2);
    const r = repo.relman('lint', '--range', 'origin/main..HEAD');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('relman: error: --range: no commit named "origin/main"');
  });
});

describe('relman lint --edit as a real commit-msg hook', () => {
  function repoWithHook(): TestRepo {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0') });
    const hook = path.join(repo.dir, '.git', 'hooks', 'commit-msg');
    repo.write({ '.git/hooks/commit-msg': `#!/bin/sh\nexec "${process.execPath}" "${BIN}" lint --edit "$1"\n` });
    chmodSync(hook, 0o755);
    return repo;
  }

  it('stops a commit whose message is not conventional, and lets a good one through', () => {
    const repo = repoWithHook();
    const head = repo.git('rev-parse', 'HEAD');
    repo.write({ 'x.js': '1\n' });
    repo.git('add', 'x.js');
    expect(() => repo.git('commit', '-q', '-m', 'wip')).toThrow(/no type/);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    repo.git('commit', '-q', '--cleanup=strip', '-m', 'feat: x\n\n# a comment git drops');
    expect(repo.git('log', '-1', '--format=%B')).toBe('feat: x');
  });

  it('lets git\'s own merge and fixup messages through', () => {
    const repo = repoWithHook();
    repo.git('checkout', '-q', '-b', 'topic');
    const fix = repo.commit('fix: on topic', { 'a.js': '1\n' });
    repo.commit(`fixup! fix: on topic`, { 'a.js': '2\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit('fix: on main', { 'b.js': '1\n' });
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'topic');
    expect(repo.git('log', '-1', '--format=%s')).toBe("Merge branch 'topic'");
    expect(repo.git('rev-parse', 'HEAD^2^')).toBe(fix);
  });
});
