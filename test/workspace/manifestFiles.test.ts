import { describe, expect, it } from 'vitest';
import { selectManifestFiles } from '../../src/workspace/manifestFiles.js';

describe('selectManifestFiles', () => {
  it('picks manifests, pnpm workspaces and tool configs from the tracked files, in their order', () => {
    const files = [
      'pyproject.toml',
      'release-please-config.json',
      'pnpm-workspace.yaml',
      'packages/api/pyproject.toml',
      'packages/api/src/api/__init__.py',
      'packages/api/.cz.toml',
      'packages/web/package.json',
      'packages/web/.releaserc.json',
      'charts/web/Chart.yaml',
      '.changeset/config.json',
    ];
    expect(selectManifestFiles(files)).toEqual({
      manifests: ['pyproject.toml', 'packages/api/pyproject.toml', 'packages/web/package.json', 'charts/web/Chart.yaml'],
      pnpmWorkspaces: ['pnpm-workspace.yaml'],
      toolConfigs: ['release-please-config.json', 'packages/api/.cz.toml', 'packages/web/.releaserc.json', '.changeset/config.json'],
    });
  });

  it('leaves out dot-folders, installed dependencies and virtualenvs', () => {
    const files = [
      '.github/actions/setup/package.json',
      'web/node_modules/left-pad/package.json',
      'tools/venv/lib/pyproject.toml',
      'env/pyvenv.cfg',
      'env/lib/python3.12/site-packages/six/pyproject.toml',
      'env/src/pkg/pyproject.toml',
      'lib/pyproject.toml',
    ];
    expect(selectManifestFiles(files).manifests).toEqual(['lib/pyproject.toml']);
  });

  it('takes no file for a config by a name that is only an object\'s built-in member', () => {
    const files = ['packages/a/package.json', 'packages/a/constructor', 'packages/a/toString', 'packages/a/__proto__', 'hasOwnProperty'];
    expect(selectManifestFiles(files)).toEqual({ manifests: ['packages/a/package.json'], pnpmWorkspaces: [], toolConfigs: [] });
  });
});
