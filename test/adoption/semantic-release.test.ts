import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

describe('adopting a semantic-release package', () => {
  it('package.json at 0.0.0-development: continues from the lightweight v tags and writes the real version', () => {
    const repo = TestRepo.init();
    repo.commit('feat: first client', { 'package.json': packageJson('acme-client', '0.0.0-development', { release: { branches: ['main'] } }), 'index.js': '1\n' });
    repo.tag('v1.0.0', 'HEAD', false);
    repo.commit('feat: pagination', { 'index.js': '2\n' });
    repo.tag('v1.1.0', 'HEAD', false);
    repo.commit('fix: encode query strings', { 'index.js': '3\n' });

    expect(planOf(repo)['acme-client']).toMatchObject({ currentVersion: '1.1.0', nextVersion: '1.1.1', bump: 'patch', tag: 'v1.1.1' });
    releaseOf(repo);
    expect(repo.read('package.json')).toBe(packageJson('acme-client', '1.1.1', { release: { branches: ['main'] } }));
    expect(tagOf(repo, 'v1.1.1').commit).toBe(repo.git('rev-parse', 'HEAD'));
  });

  it('reads tagFormat "${version}" from the package.json release key; @semantic-release/git commits never count', () => {
    const repo = TestRepo.init();
    const manifest = (version: string) => packageJson('obsidian-acme', version, { release: { tagFormat: '${version}', plugins: ['@semantic-release/commit-analyzer', '@semantic-release/git'] } });
    repo.commit('feat: first', { 'package.json': manifest('2.2.0'), 'main.ts': '1\n' });
    repo.tag('2.2.0', 'HEAD', false);
    const feat = repo.commit('feat: settings tab', { 'main.ts': '2\n' });
    repo.commit('chore(release): 2.3.0-beta.1 [skip ci]\n\n## 2.3.0-beta.1\n\n* settings tab\n', { 'package.json': manifest('2.3.0-beta.1') });
    repo.tag('2.3.0-beta.1', 'HEAD', false);
    const fix = repo.commit('fix: settings are saved', { 'main.ts': '3\n' });

    const plan = planOf(repo)['obsidian-acme'];
    expect(plan).toMatchObject({ currentVersion: '2.3.0-beta.1', nextVersion: '2.3.0', bump: 'minor', tag: '2.3.0' });
    expect(plan?.commits.map((c) => c.sha)).toEqual([fix, feat]);
    expect(releaseOf(repo, '--prerelease', 'beta')['obsidian-acme']).toMatchObject({ nextVersion: '2.3.0-beta.2', tag: '2.3.0-beta.2' });
    expect(repo.read('package.json')).toBe(manifest('2.3.0-beta.2'));
  });

  it('reads tagFormat from a .releaserc.json beside the package', () => {
    const repo = TestRepo.init();
    repo.commit('feat: first', {
      'package.json': packageJson('acme-theme', '3.0.0'),
      '.releaserc.json': '{\n  "branches": ["main"],\n  "tagFormat": "release-v${version}"\n}\n',
      'theme.css': 'a\n',
    });
    repo.tag('release-v3.0.0', 'HEAD', false);
    repo.commit('fix: contrast of links', { 'theme.css': 'b\n' });
    const plan = planOf(repo)['acme-theme'];
    expect(plan).toMatchObject({ currentVersion: '3.0.0', nextVersion: '3.0.1', tag: 'release-v3.0.1' });
    expect(subjects(plan)).toEqual(['contrast of links']);
  });
});
