import { describe, expect, it } from 'vitest';
import { TestRepo, pyproject } from '../helpers/repo.js';
import { planOf, releaseOf, tagOf } from './adoption.js';

/**
 * A uv workspace: a virtual root (only [tool.uv.workspace], no [project]) and members under packages/,
 * one of them depending on another through the workspace.
 */
function uvWorkspace(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[tool.uv.sources]\nacme-core = { workspace = true }\n\n[dependency-groups]\ndev = ["pytest>=8"]\n',
    'packages/acme-core/pyproject.toml': pyproject('acme-core', '0.3.0', 'requires-python = ">=3.11"\n'),
    'packages/acme-core/src/acme_core/__init__.py': '',
    'packages/acme-api/pyproject.toml': pyproject('acme-api', '1.0.0', 'dependencies = ["acme-core"]\n\n[tool.uv.sources]\nacme-core = { workspace = true }\n'),
    'packages/acme-api/src/acme_api/__init__.py': '',
  });
  repo.commit('feat: the acme workspace');
  repo.tag('acme-core-v0.3.0');
  repo.tag('acme-api-v1.0.0');
  return repo;
}

describe('adopting a uv workspace', () => {
  it('the virtual root is no package; members release on their own', () => {
    const repo = uvWorkspace();
    repo.commit('feat(core): caching', { 'packages/acme-core/src/acme_core/cache.py': 'c = 1\n' });
    const plan = planOf(repo);
    expect(Object.keys(plan).sort()).toEqual(['acme-api', 'acme-core']);
    expect(plan['acme-core']).toMatchObject({ currentVersion: '0.3.0', nextVersion: '0.4.0', tag: 'acme-core-v0.4.0' });
    expect(plan['acme-api']?.nextVersion).toBeNull();

    releaseOf(repo);
    expect(repo.read('packages/acme-core/pyproject.toml')).toBe(pyproject('acme-core', '0.4.0', 'requires-python = ">=3.11"\n'));
    expect(tagOf(repo, 'acme-core-v0.4.0').commit).toBe(repo.git('rev-parse', 'HEAD'));
  });
});
