import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

const CHANGESET_CONFIG = `${JSON.stringify(
  {
    $schema: 'https://unpkg.com/@changesets/config@3.0.0/schema.json',
    changelog: '@changesets/cli/changelog',
    commit: false,
    fixed: [],
    linked: [],
    access: 'public',
    baseBranch: 'main',
    updateInternalDependencies: 'patch',
    privatePackages: { version: true, tag: false },
  },
  null,
  2,
)}\n`;

/**
 * A changesets monorepo on pnpm: a private root without a version, a published library, and a private
 * app that changesets versions but never tags. Changes come with `.changeset/*.md` files and
 * non-conventional subjects; the "Version Packages" pull request (squashed) applies them, and
 * `changeset publish` tags the library `@acme/ui@2.1.0` on it.
 */
function changesetsRepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'package.json': packageJson('acme', '0.0.0', { private: true }).replace('  "version": "0.0.0",\n', ''),
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n  - "apps/*"\n',
    '.changeset/config.json': CHANGESET_CONFIG,
    '.changeset/README.md': '# Changesets\n',
    'packages/ui/package.json': packageJson('@acme/ui', '2.0.0'),
    'packages/ui/src/button.tsx': 'b\n',
    'apps/web/package.json': packageJson('web', '1.3.0', { private: true, dependencies: { '@acme/ui': 'workspace:*' } }),
    'apps/web/src/page.tsx': 'p\n',
  });
  repo.commit('Initial commit');
  repo.tag('@acme/ui@2.0.0');
  repo.commit('Add a loading state to Button', {
    'packages/ui/src/button.tsx': 'b2\n',
    '.changeset/brave-dogs-sing.md': "---\n'@acme/ui': minor\n'web': minor\n---\n\nAdd a loading state to Button\n",
  });
  repo.git('rm', '-q', '.changeset/brave-dogs-sing.md');
  repo.commit('Version Packages (#31)', {
    'packages/ui/package.json': packageJson('@acme/ui', '2.1.0'),
    'packages/ui/CHANGELOG.md': '# @acme/ui\n\n## 2.1.0\n\n### Minor Changes\n\n- 1a2b3c4: Add a loading state to Button\n',
    'apps/web/package.json': packageJson('web', '1.4.0', { private: true, dependencies: { '@acme/ui': 'workspace:*' } }),
  });
  repo.tag('@acme/ui@2.1.0');
  return repo;
}

describe('adopting a changesets monorepo', () => {
  it('continues the library from its tags; non-conventional changes are patches', () => {
    const repo = changesetsRepo();
    expect(Object.keys(planOf(repo)).sort()).toEqual(['@acme/ui', 'web']);
    repo.commit('Fix the focus ring of Button', { 'packages/ui/src/button.tsx': 'b3\n' });
    const plan = planOf(repo);
    expect(plan['@acme/ui']).toMatchObject({ currentVersion: '2.1.0', nextVersion: '2.1.1', bump: 'patch', tag: '@acme/ui@2.1.1' });
    expect(plan['@acme/ui']?.commits).toEqual([expect.objectContaining({ type: null, subject: 'Fix the focus ring of Button' })]);
  });

  it('a private app changesets never tagged continues from its version once tagged as changesets names tags', () => {
    const repo = changesetsRepo();
    // The one migration step: tag the app's current version where "Version Packages" set it.
    repo.tag('web@1.4.0', 'HEAD', false);
    repo.commit('fix(web): header overlaps the menu', { 'apps/web/src/page.tsx': 'p2\n' });
    const plan = planOf(repo);
    expect(plan['web']).toMatchObject({ currentVersion: '1.4.0', nextVersion: '1.4.1', tag: 'web@1.4.1' });
    expect(subjects(plan['web'])).toEqual(['header overlaps the menu']);
    expect(plan['@acme/ui']?.nextVersion).toBeNull();

    releaseOf(repo);
    expect(repo.read('apps/web/package.json')).toBe(packageJson('web', '1.4.1', { private: true, dependencies: { '@acme/ui': 'workspace:*' } }));
    expect(tagOf(repo, 'web@1.4.1').commit).toBe(repo.git('rev-parse', 'HEAD'));
  });

  it('an untagged "Version Packages" commit never counts as a change', () => {
    const repo = changesetsRepo();
    repo.tag('web@1.4.0', 'HEAD', false);
    repo.commit('Version Packages (#32)', { 'apps/web/package.json': packageJson('web', '1.4.1', { private: true }), 'apps/web/CHANGELOG.md': '# web\n\n## 1.4.1\n' });
    expect(planOf(repo)['web']).toMatchObject({ nextVersion: null, commits: [] });
  });
});
