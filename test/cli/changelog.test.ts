import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject } from '../helpers/repo.js';

const DATE = /\d{4}-\d{2}-\d{2}/.source;

function monorepo(): TestRepo {
  const repo = TestRepo.init();
  repo.commit('chore: init', {
    'services/api/package.json': packageJson('api', '1.0.0'),
    'services/worker/pyproject.toml': pyproject('worker', '0.3.0'),
  });
  repo.tag('api-v1.0.0');
  repo.tag('worker-v0.3.0');
  return repo;
}

describe('release writes CHANGELOG.md', () => {
  it('one per released package, grouped, in the release commit; the tag carries the notes', () => {
    const repo = monorepo();
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/platform.git');
    const fix = repo.commit('fix(api): close the socket', { 'services/api/a.js': '1\n' });
    const feat = repo.commit('feat: streaming', { 'services/api/b.js': '1\n' });
    repo.commit('docs: worker only', { 'services/worker/README.md': 'w\n' });

    expect(repo.relman('release').code).toBe(0);
    const link = (sha: string) => `[${sha.slice(0, 7)}](https://github.com/acme/platform/commit/${sha})`;
    const notes = `### Features\n\n- streaming (${link(feat)})\n\n### Bug fixes\n\n- **api:** close the socket (${link(fix)})\n`;
    expect(repo.read('services/api/CHANGELOG.md')).toMatch(new RegExp(`^# Changelog\\n\\n## 1\\.1\\.0 \\(${DATE}\\)\\n\\n`));
    expect(repo.read('services/api/CHANGELOG.md')).toContain(notes);
    expect(repo.read('services/worker/CHANGELOG.md')).toMatch(/^# Changelog\n\n## 0\.3\.1 \(.*\)\n\n### Other changes\n\n- worker only \(\[/);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      'services/api/CHANGELOG.md',
      'services/api/package.json',
      'services/worker/CHANGELOG.md',
      'services/worker/pyproject.toml',
    ]);
    expect(repo.git('for-each-ref', '--format=%(contents)', 'refs/tags/api-v1.1.0')).toBe(`api 1.1.0\n\n${notes}`.trimEnd());
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('keeps what the file already holds, below the new section; the root one in a single-package repo', () => {
    const repo = TestRepo.init();
    const old = '# Changelog\n\nAll notable changes.\n\n## 1.0.0 (2024-01-01)\n\n* hand-written entry\n';
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0'), 'CHANGELOG.md': old });
    repo.tag('v1.0.0');
    const fix = repo.commit('fix: x', { 'index.js': '1\n' });
    expect(repo.relman('release').code).toBe(0);
    const text = repo.read('CHANGELOG.md');
    expect(text).toMatch(new RegExp(`^# Changelog\\n\\nAll notable changes\\.\\n\\n## 1\\.0\\.1 \\(${DATE}\\)\\n\\n### Bug fixes\\n\\n- x \\(${fix.slice(0, 7)}\\)\\n\\n## 1\\.0\\.0`));
    expect(text.endsWith('\n## 1.0.0 (2024-01-01)\n\n* hand-written entry\n')).toBe(true);
  });

  it('a final after candidates lists every change since the last final', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0') });
    repo.tag('v1.0.0');
    repo.commit('feat: one', { 'a.js': '1\n' });
    expect(repo.relman('release', '--prerelease', 'rc').code).toBe(0);
    repo.commit('fix: two', { 'b.js': '1\n' });
    expect(repo.relman('release', '--prerelease', 'rc').code).toBe(0);
    expect(repo.tags()).toEqual(['v1.0.0', 'v1.1.0-rc.1', 'v1.1.0-rc.2']);

    expect(repo.relman('release').code).toBe(0);
    expect(repo.tags()).toContain('v1.1.0');
    const sections = repo.read('CHANGELOG.md').split(/^## /m).slice(1);
    expect(sections.map((s) => s.slice(0, s.indexOf(' ')))).toEqual(['1.1.0', '1.1.0-rc.2', '1.1.0-rc.1']);
    expect(sections[0]).toMatch(/### Features\n\n- one .*\n\n### Bug fixes\n\n- two /);
    expect(sections[1]).toContain('- two ');
    expect(sections[1]).toContain('- one ');
    expect(sections[2]).not.toContain('- two ');
  });

  it('a failed release commit leaves no changelog behind', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0') });
    repo.tag('v1.0.0');
    repo.commit('fix: x', { 'index.js': '1\n' });
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    repo.write({ '.git/hooks/pre-commit': '#!/bin/sh\necho "hook says no" >&2\nexit 1\n' });
    chmodSync(hook, 0o755);
    const r = repo.relman('release');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hook says no');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(repo.tags()).toEqual(['v1.0.0']);
  });
});
