import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject } from '../helpers/repo.js';

interface Released {
  name: string;
  nextVersion: string | null;
  tag: string | null;
}

function release(repo: TestRepo, ...args: string[]): Record<string, Released> {
  const r = repo.relman('release', '--json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries((JSON.parse(r.stdout) as { packages: Released[] }).packages.map((p) => [p.name, p]));
}

/** A Python service and a Node client, both at 1.42.0 in production. */
function services(): TestRepo {
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'svc/pyproject.toml': pyproject('svc', '1.42.0'), 'web/package.json': packageJson('web', '1.42.0') });
  repo.tag('svc-v1.42.0');
  repo.tag('web-v1.42.0');
  return repo;
}

describe('release candidates on real repositories', () => {
  it('count up, move to the next major on a breaking change, then graduate', () => {
    const repo = services();
    repo.commit('feat: search', { 'svc/a.py': '1\n', 'web/a.js': '1\n' });
    expect(release(repo, '--prerelease', 'rc')['svc']).toMatchObject({ nextVersion: '1.43.0-rc.1', tag: 'svc-v1.43.0-rc.1' });
    expect(repo.read('svc/pyproject.toml')).toContain('version = "1.43.0rc1"');
    expect(repo.read('web/package.json')).toContain('"version": "1.43.0-rc.1"');

    repo.commit('fix: search paging', { 'svc/a.py': '2\n' });
    expect(release(repo, '--prerelease', 'rc')['svc']?.nextVersion).toBe('1.43.0-rc.2');
    expect(repo.read('svc/pyproject.toml')).toContain('version = "1.43.0rc2"');

    repo.commit('feat(api)!: search takes a query object', { 'svc/a.py': '3\n' });
    const moved = release(repo, '--prerelease', 'rc');
    expect(moved['svc']).toMatchObject({ nextVersion: '2.0.0-rc.1', tag: 'svc-v2.0.0-rc.1' });
    expect(moved['web']?.nextVersion).toBeNull();
    expect(repo.read('svc/pyproject.toml')).toContain('version = "2.0.0rc1"');

    // UAT signed off: the final, with no new commit, for both packages.
    const final = release(repo);
    expect(final['svc']).toMatchObject({ nextVersion: '2.0.0', tag: 'svc-v2.0.0' });
    expect(final['web']).toMatchObject({ nextVersion: '1.43.0', tag: 'web-v1.43.0' });
    expect(repo.read('svc/pyproject.toml')).toContain('version = "2.0.0"');
    expect(repo.read('svc/CHANGELOG.md').split('\n## ')[1]).toMatch(/^2\.0\.0 \(.*\)\n\n### Breaking changes\n\n- \*\*api:\*\* search takes a query object .*\n\n### Features\n\n- search .*\n\n### Bug fixes\n\n- search paging /);
    expect(release(repo)['svc']?.nextVersion).toBeNull();
  });

  it.each([
    ['alpha', '1.43.0-alpha.1', '1.43.0a1'],
    ['beta', '1.43.0-beta.1', '1.43.0b1'],
    ['rc', '1.43.0-rc.1', '1.43.0rc1'],
    ['dev', '1.43.0-dev.1', '1.43.0.dev1'],
  ])('--prerelease %s: tag %s, pyproject.toml %s', (id, semver, pep440) => {
    const repo = services();
    repo.commit('feat: x', { 'svc/a.py': '1\n' });
    expect(release(repo, '--prerelease', id)['svc']).toMatchObject({ nextVersion: semver, tag: `svc-v${semver}` });
    expect(repo.read('svc/pyproject.toml')).toContain(`version = "${pep440}"`);
  });

  it('refuses an identifier PEP 440 has no form for, changing nothing', () => {
    const repo = services();
    repo.commit('feat: x', { 'svc/a.py': '1\n', 'web/a.js': '1\n' });
    const head = repo.git('rev-parse', 'HEAD');
    const r = repo.relman('release', '--prerelease', 'canary');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('relman: error: svc/pyproject.toml: version 1.43.0-canary.1 has no PEP 440 form');
    expect(r.stderr).toContain('hint: ');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(repo.tags()).toEqual(['svc-v1.42.0', 'web-v1.42.0']);
    // The Node package takes any identifier.
    expect(release(repo, '--prerelease', 'canary', '--package', 'web')['web']?.tag).toBe('web-v1.43.0-canary.1');
  });
});
