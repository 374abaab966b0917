import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

const CONFIG = {
  $schema: 'https://raw.githubusercontent.com/googleapis/release-please/main/schemas/config.json',
  plugins: ['node-workspace'],
  'bump-minor-pre-major': false,
  packages: {
    'packages/core': {},
    'packages/cli': { component: 'command-line' },
    'python/sdk': { 'release-type': 'python', 'bump-minor-pre-major': true },
    'deploy': { 'release-type': 'simple', 'package-name': 'deploy-config' },
  },
};

function manifest(versions: Record<string, string>): string {
  return `${JSON.stringify(versions, null, 2)}\n`;
}

/**
 * A release-please manifest monorepo: npm workspaces (tags `{component}-v{version}`, the component being
 * the name without its scope, or the package's `component`), a Python package, and a `simple` package
 * whose version is alone in version.txt. release-please tags (lightweight, through GitHub releases) the
 * squashed release pull request, `chore: release main (#N)`.
 */
function releasePleaseMonorepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'package.json': packageJson('cogeo', '0.0.0', { private: true, workspaces: ['packages/*'] }),
    'release-please-config.json': `${JSON.stringify(CONFIG, null, 2)}\n`,
    '.release-please-manifest.json': manifest({ 'packages/core': '9.0.0', 'packages/cli': '9.0.0', 'python/sdk': '0.4.0', deploy: '1.1.0' }),
    'packages/core/package.json': packageJson('@cogeo/core', '9.0.0'),
    'packages/core/src/tiff.ts': 'export const t = 1;\n',
    'packages/cli/package.json': packageJson('@cogeo/cli', '9.0.0', { dependencies: { '@cogeo/core': '^9.0.0' } }),
    'packages/cli/src/main.ts': 'export const m = 1;\n',
    'python/sdk/pyproject.toml': pyproject('acme-sdk', '0.4.0'),
    'python/sdk/acme_sdk/__init__.py': '',
    'deploy/version.txt': '1.1.0\n',
    'deploy/values.yaml': 'image: acme/app\n',
  });
  repo.commit('chore: release main (#10)');
  for (const tag of ['core-v9.0.0', 'command-line-v9.0.0', 'acme-sdk-v0.4.0', 'deploy-config-v1.1.0']) repo.tag(tag, 'HEAD', false);

  repo.commit('feat(core): read sparse tiffs', { 'packages/core/src/tiff.ts': 'export const t = 2;\n' });
  repo.commit('fix(cli): exit code on a missing file', { 'packages/cli/src/main.ts': 'export const m = 2;\n' });
  repo.commit('chore: release main (#12)', {
    '.release-please-manifest.json': manifest({ 'packages/core': '9.1.0', 'packages/cli': '9.0.1', 'python/sdk': '0.4.0', deploy: '1.1.0' }),
    'packages/core/package.json': packageJson('@cogeo/core', '9.1.0'),
    'packages/core/CHANGELOG.md': '# Changelog\n\n## [9.1.0](https://github.com/acme/cogeo/compare/core-v9.0.0...core-v9.1.0) (2024-01-02)\n\n### Features\n\n* **core:** read sparse tiffs\n',
    'packages/cli/package.json': packageJson('@cogeo/cli', '9.0.1', { dependencies: { '@cogeo/core': '^9.1.0' } }),
  });
  repo.tag('core-v9.1.0', 'HEAD', false);
  repo.tag('command-line-v9.0.1', 'HEAD', false);
  return repo;
}

describe('adopting a release-please monorepo', () => {
  it('takes each tag format from release-please-config.json (component, package-name, the scope dropped), and its pre-major rule', () => {
    const repo = releasePleaseMonorepo();
    let plan = planOf(repo);
    expect(Object.keys(plan).sort()).toEqual(['@cogeo/cli', '@cogeo/core', 'acme-sdk', 'deploy']);
    expect(plan['@cogeo/core']).toMatchObject({ currentVersion: '9.1.0', nextVersion: null });
    expect(plan['@cogeo/cli']).toMatchObject({ currentVersion: '9.0.1', nextVersion: null });
    expect(plan['deploy']).toMatchObject({ path: 'deploy', currentVersion: '1.1.0', nextVersion: null });

    repo.commit('feat(sdk)!: the client is async only', { 'python/sdk/acme_sdk/client.py': 'c = 1\n' });
    repo.commit('fix(core): off-by-one in the strip reader', { 'packages/core/src/tiff.ts': 'export const t = 3;\n' });
    repo.commit('fix: pin the base image', { 'deploy/values.yaml': 'image: acme/app:1\n' });
    repo.commit('feat(cli)!: drop --json-lines', { 'packages/cli/src/main.ts': 'export const m = 3;\n' });
    plan = planOf(repo);
    expect(plan['@cogeo/core']).toMatchObject({ nextVersion: '9.1.1', bump: 'patch', tag: 'core-v9.1.1' });
    expect(subjects(plan['@cogeo/core'])).toEqual(['off-by-one in the strip reader']);
    expect(plan['@cogeo/cli']).toMatchObject({ nextVersion: '10.0.0', bump: 'major', tag: 'command-line-v10.0.0' });
    // bump-minor-pre-major: below 1.0.0 a breaking change bumps the minor.
    expect(plan['acme-sdk']).toMatchObject({ nextVersion: '0.5.0', bump: 'minor', tag: 'acme-sdk-v0.5.0' });
    expect(plan['deploy']).toMatchObject({ nextVersion: '1.1.1', tag: 'deploy-config-v1.1.1' });
  });

  it('releases into package.json, pyproject.toml and version.txt, and below the CHANGELOG release-please wrote', () => {
    const repo = releasePleaseMonorepo();
    repo.commit('fix(core): off-by-one in the strip reader', { 'packages/core/src/tiff.ts': 'export const t = 3;\n' });
    repo.commit('fix: pin the base image', { 'deploy/values.yaml': 'image: acme/app:1\n' });
    const released = releaseOf(repo);
    expect(released['@cogeo/core']?.tag).toBe('core-v9.1.1');
    expect(released['deploy']?.tag).toBe('deploy-config-v1.1.1');
    expect(repo.read('packages/core/package.json')).toBe(packageJson('@cogeo/core', '9.1.1'));
    expect(repo.read('deploy/version.txt')).toBe('1.1.1\n');
    const changelog = repo.read('packages/core/CHANGELOG.md');
    expect(changelog.indexOf('9.1.1')).toBeLessThan(changelog.indexOf('## [9.1.0]'));
    expect(tagOf(repo, 'core-v9.1.1').commit).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.tags()).not.toContain('@cogeo/core-v9.1.1');
  });
});
