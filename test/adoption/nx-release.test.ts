import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson } from '../helpers/repo.js';
import { planOf, releaseOf, tagOf } from './adoption.js';

function nxJson(release: Record<string, unknown>): string {
  return `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', namedInputs: { default: ['{projectRoot}/**/*'] }, release }, null, 2)}\n`;
}

/**
 * An Nx workspace released with `nx release` in independent mode: `chore(release): publish` commits,
 * one annotated tag per project by `releaseTagPattern` (by default `{projectName}@{version}`, the project
 * name being the package.json name).
 */
function nxRepo(release: Record<string, unknown>, tag: (project: string, version: string) => string): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'nx.json': nxJson(release),
    'package.json': packageJson('@acme/source', '0.0.0', { private: true, workspaces: ['libs/*'] }),
    'libs/auth/package.json': packageJson('@acme/auth', '0.2.0'),
    'libs/auth/src/index.ts': 'a\n',
    'libs/store/package.json': packageJson('@acme/store', '1.0.0'),
    'libs/store/src/index.ts': 's\n',
  });
  repo.commit('chore(release): publish\n\n- project: @acme/auth 0.2.0\n\n- project: @acme/store 1.0.0\n');
  repo.tag(tag('@acme/auth', '0.2.0'));
  repo.tag(tag('@acme/store', '1.0.0'));
  return repo;
}

describe('adopting an nx release workspace', () => {
  it('independent projects: {projectName}@{version} tags, and that form for a project never released', () => {
    const repo = nxRepo({ projectsRelationship: 'independent', version: { conventionalCommits: true } }, (p, v) => `${p}@${v}`);
    repo.commit('feat(auth): refresh tokens', { 'libs/auth/src/index.ts': 'a2\n' });
    repo.write({ 'libs/cache/package.json': packageJson('@acme/cache', '0.0.1'), 'libs/cache/src/index.ts': 'c\n' });
    repo.commit('feat(cache): a new library');
    const plan = planOf(repo);
    expect(plan['@acme/auth']).toMatchObject({ currentVersion: '0.2.0', nextVersion: '0.3.0', tag: '@acme/auth@0.3.0' });
    expect(plan['@acme/store']?.nextVersion).toBeNull();
    expect(plan['@acme/cache']).toMatchObject({ nextVersion: '0.0.1', tag: '@acme/cache@0.0.1' });
  });

  it('reads releaseTag.pattern from nx.json and releases under it', () => {
    const repo = nxRepo({ projectsRelationship: 'independent', releaseTag: { pattern: 'release/{projectName}/{version}' } }, (p, v) => `release/${p}/${v}`);
    repo.commit('fix(store): stale reads', { 'libs/store/src/index.ts': 's2\n' });
    const released = releaseOf(repo);
    expect(released['@acme/store']).toMatchObject({ currentVersion: '1.0.0', nextVersion: '1.0.1', tag: 'release/@acme/store/1.0.1' });
    expect(repo.read('libs/store/package.json')).toBe(packageJson('@acme/store', '1.0.1'));
    expect(tagOf(repo, 'release/@acme/store/1.0.1').commit).toBe(repo.git('rev-parse', 'HEAD'));
    expect(planOf(repo)['@acme/store']).toMatchObject({ currentVersion: '1.0.1', nextVersion: null });
  });
});
