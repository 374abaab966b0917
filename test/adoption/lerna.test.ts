import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

const LERNA_JSON = `${JSON.stringify(
  {
    $schema: 'node_modules/lerna/schemas/lerna-schema.json',
    version: 'independent',
    packages: ['packages/*'],
    command: { version: { conventionalCommits: true, message: 'chore(release): publish' } },
  },
  null,
  2,
)}\n`;

/** `lerna version` in independent mode: one `chore(release): publish` commit listing the tags, one annotated `name@version` tag per package on it. */
function lernaPublish(repo: TestRepo, versions: Record<string, [string, string]>): void {
  const tags = Object.entries(versions).map(([name, [, version]]) => `${name}@${version}`);
  const files = Object.fromEntries(Object.entries(versions).map(([name, [folder, version]]) => [`${folder}/package.json`, packageJson(name, version)]));
  repo.commit(`chore(release): publish\n\n${tags.map((t) => ` - ${t}`).join('\n')}\n`, files);
  for (const tag of tags) repo.tag(tag);
}

/** A lerna independent repository: packages listed in lerna.json (no npm workspaces), an example lerna does not version. */
function lernaRepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'lerna.json': LERNA_JSON,
    'package.json': packageJson('acme-monorepo', '0.0.0', { private: true, devDependencies: { lerna: '^8.1.0' } }),
    'packages/a/package.json': packageJson('@acme/a', '1.1.0'),
    'packages/a/index.js': 'a\n',
    'packages/b/package.json': packageJson('@acme/b', '0.3.0'),
    'packages/b/index.js': 'b\n',
    'examples/demo/package.json': packageJson('demo', '1.0.0'),
  });
  repo.commit('chore: set up lerna');
  repo.tag('@acme/a@1.1.0');
  repo.tag('@acme/b@0.3.0');
  repo.commit('feat(a): retries', { 'packages/a/index.js': 'a2\n' });
  lernaPublish(repo, { '@acme/a': ['packages/a', '1.2.0'] });
  return repo;
}

describe('adopting a lerna independent monorepo', () => {
  it('continues each package from its name@version tags; lerna.json packages decide what is a package', () => {
    const repo = lernaRepo();
    repo.commit('fix(b): empty input', { 'packages/b/index.js': 'b2\n' });
    repo.commit('feat(demo): a second demo', { 'examples/demo/index.js': 'd\n' });
    repo.write({ 'packages/c/package.json': packageJson('@acme/c', '0.1.0'), 'packages/c/index.js': 'c\n' });
    repo.commit('feat(c): a new package');
    const plan = planOf(repo);
    expect(Object.keys(plan).sort()).toEqual(['@acme/a', '@acme/b', '@acme/c']);
    expect(plan['@acme/a']).toMatchObject({ currentVersion: '1.2.0', nextVersion: null });
    expect(plan['@acme/b']).toMatchObject({ nextVersion: '0.3.1', tag: '@acme/b@0.3.1' });
    expect(subjects(plan['@acme/b'])).toEqual(['empty input']);
    // Never tagged: first released at its manifest's version, under lerna's tag format.
    expect(plan['@acme/c']).toMatchObject({ nextVersion: '0.1.0', tag: '@acme/c@0.1.0' });
  });

  it('a publish commit that lerna made but did not tag never counts; a release tags name@version', () => {
    const repo = lernaRepo();
    // `lerna version --no-git-tag-version`, tagged by hand only for a.
    lernaPublish(repo, {});
    repo.commit('chore(release): publish\n\n - @acme/b@0.3.1\n', { 'packages/b/package.json': packageJson('@acme/b', '0.3.1') });
    expect(planOf(repo)['@acme/b']).toMatchObject({ currentVersion: '0.3.0', nextVersion: null });

    repo.commit('feat(b): streaming', { 'packages/b/index.js': 'b3\n' });
    const released = releaseOf(repo);
    expect(released['@acme/b']).toMatchObject({ nextVersion: '0.4.0', tag: '@acme/b@0.4.0' });
    expect(repo.read('packages/b/package.json')).toBe(packageJson('@acme/b', '0.4.0'));
    expect(tagOf(repo, '@acme/b@0.4.0')).toEqual({ commit: repo.git('rev-parse', 'HEAD'), type: 'tag' });
  });
});
