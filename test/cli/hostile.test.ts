import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, tempDir } from '../helpers/repo.js';

describe('hostile input is data', () => {
  it('classifies binary, non-UTF-8, CRLF, huge and record-separator commit messages without crashing', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'a/package.json': packageJson('a', '1.0.0') });
    repo.tag('a-v1.0.0');
    const messages = [
      Buffer.from([0x66, 0x69, 0x78, 0x3a, 0x20, 0xff, 0xfe, 0x80, 0x0a]), // "fix: " + invalid UTF-8
      Buffer.from('feat(x): crlf\r\n\r\nbody\r\n\r\nBREAKING CHANGE: yes\r\n'),
      Buffer.from(`fix: huge\n\n${'x'.repeat(2_000_000)}\n`),
      Buffer.from('fix: \x1e looks like a record mark\n\n\x1eabc def\n'),
    ];
    const dir = tempDir();
    messages.forEach((m, i) => {
      writeFileSync(path.join(dir, `m${i}`), m);
      repo.write({ [`a/f${i}`]: `${i}\n` });
      repo.git('add', '-A');
      repo.git('commit', '-q', '--cleanup=verbatim', '-F', path.join(dir, `m${i}`));
    });
    const r = repo.relman('plan', '--json');
    expect(r.code).toBe(0);
    const [a] = JSON.parse(r.stdout).packages;
    expect(a.commits).toHaveLength(4);
    expect(a.nextVersion).toBe('2.0.0');
    expect(a.commits.map((c: { type: string | null }) => c.type)).toEqual(['fix', 'fix', 'feat', 'fix']);
  });

  it('refuses a package name that makes an invalid tag, naming it, and releases nothing', () => {
    const repo = TestRepo.init();
    repo.commit('feat: init', { 'a/package.json': packageJson('bad name;rm -rf ~', '1.0.0'), 'b/package.json': packageJson('b', '1.0.0') });
    const r = repo.relman('release');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tag "bad name;rm -rf ~-v1.0.0" is not a valid git tag name');
    expect(repo.tags()).toEqual([]);
    expect(repo.git('log', '--format=%s')).toBe('feat: init');
  });

  it('never writes through a symbolic link: a changelog linked outside the repository is refused', () => {
    const repo = TestRepo.init();
    const outside = path.join(tempDir(), 'CHANGELOG.md');
    writeFileSync(outside, 'outside\n');
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0') });
    repo.tag('v1.0.0');
    symlinkSync(outside, path.join(repo.dir, 'CHANGELOG.md'));
    repo.commit('fix: with a linked changelog');
    const r = repo.relman('release');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CHANGELOG.md is a symbolic link');
    expect(readFileSync(outside, 'utf8')).toBe('outside\n');
    expect(repo.tags()).toEqual(['v1.0.0']);
  });
});
