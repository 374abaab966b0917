import { describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo.js';
import { mergePullRequest, planOf, releaseOf, subjects, tagOf } from './adoption.js';

/** A pyproject.toml as tattle-made/feluda writes them: PEP 621, python-semantic-release's tag format under the main branch. */
function feludaPyproject(name: string, version: string, extra = ''): string {
  return `[project]
name = "${name}"
version = "${version}"
requires-python = ">=3.10"
dependencies = ["numpy>=2.2.1"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.semantic_release]
version_variable = ["pyproject.toml:project.version"]

[tool.semantic_release.branches.main]
match = "main"
prerelease = false
tag_format = "{name}-{version}"
${extra}`;
}

const ROOT_EXTRA = `
[tool.uv.workspace]
members = ["operators/cluster_embeddings", "operators/vid_vec_rep_clip"]

[tool.hatch.build.targets.wheel]
packages = ["feluda"]
`;

/**
 * tattle-made/feluda's release flow: a pull request from development is merged into main; the workflow
 * tags HEAD (the merge) with lightweight `{name}-{version}` tags, then commits the new versions in
 * "chore: semantic versioning workflow and update related files" — after the tags. The core package is
 * the root pyproject.toml, which owns feluda/ (hatch's wheel packages) and not the operators.
 */
function feluda(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'relman.toml': 'releaseCommits = ["^chore: semantic versioning workflow"]\n\n[packages."feluda"]\npaths = ["feluda/**", "pyproject.toml"]\n',
    'pyproject.toml': feludaPyproject('feluda', '0.9.1', ROOT_EXTRA),
    'feluda/__init__.py': '',
    'feluda/core.py': 'x = 1\n',
    'operators/cluster_embeddings/pyproject.toml': feludaPyproject('feluda-cluster-embeddings', '0.1.2'),
    'operators/cluster_embeddings/op.py': 'k = 1\n',
    'operators/vid_vec_rep_clip/pyproject.toml': feludaPyproject('feluda-vid-vec-rep-clip', '0.2.0'),
    'operators/vid_vec_rep_clip/op.py': 'v = 1\n',
    '.github/workflows/merge-main.yml': 'name: Merge PR to main\n',
    'README.md': 'feluda\n',
  });
  repo.commit('chore: import feluda');
  for (const tag of ['feluda-0.9.1', 'feluda-cluster-embeddings-0.1.2', 'feluda-vid-vec-rep-clip-0.2.0']) repo.tag(tag, 'HEAD', false);

  repo.git('checkout', '-q', '-b', 'development');
  repo.commit('fix: handle empty frames', { 'feluda/core.py': 'x = 2\n' });
  repo.commit('feat: choose the cluster count', { 'operators/cluster_embeddings/op.py': 'k = 2\n' });
  repo.git('checkout', '-q', 'main');
  mergePullRequest(repo, 'development', 412);
  repo.tag('feluda-0.9.2', 'HEAD', false);
  repo.tag('feluda-cluster-embeddings-0.2.0', 'HEAD', false);
  repo.commit('chore: semantic versioning workflow and update related files', {
    'pyproject.toml': feludaPyproject('feluda', '0.9.2', ROOT_EXTRA),
    'operators/cluster_embeddings/pyproject.toml': feludaPyproject('feluda-cluster-embeddings', '0.2.0'),
  });
  return repo;
}

describe('adopting a python-semantic-release monorepo (tattle-made/feluda)', () => {
  it('reads tag_format under [tool.semantic_release.branches.main] and skips the release commit made after the tags', () => {
    const repo = feluda();
    let plan = planOf(repo);
    expect(plan['feluda']).toMatchObject({ path: '.', currentVersion: '0.9.2', nextVersion: null, tag: null });
    expect(plan['feluda-cluster-embeddings']).toMatchObject({ currentVersion: '0.2.0', nextVersion: null });
    expect(plan['feluda-vid-vec-rep-clip']).toMatchObject({ currentVersion: '0.2.0', nextVersion: null });

    repo.git('checkout', '-q', 'development');
    repo.commit('feat(vid): sample frames by scene', { 'operators/vid_vec_rep_clip/op.py': 'v = 2\n' });
    repo.commit('docs: the operator list', { 'README.md': 'feluda and operators\n' });
    repo.git('checkout', '-q', 'main');
    mergePullRequest(repo, 'development', 415);
    plan = planOf(repo);
    expect(plan['feluda-vid-vec-rep-clip']).toMatchObject({ nextVersion: '0.3.0', bump: 'minor', tag: 'feluda-vid-vec-rep-clip-0.3.0' });
    expect(subjects(plan['feluda-vid-vec-rep-clip'])).toEqual(['sample frames by scene']);
    // README.md is outside the core package's paths, and the release commit is declared as one.
    expect(plan['feluda']?.nextVersion).toBeNull();
    expect(plan['feluda-cluster-embeddings']?.nextVersion).toBeNull();
  });

  it('releases in the same form: pyproject.toml version, a {name}-{version} tag, and never an existing tag', () => {
    const repo = feluda();
    repo.commit('fix(cluster): seed the random state', { 'operators/cluster_embeddings/op.py': 'k = 3\n' });
    const before = repo.read('operators/cluster_embeddings/pyproject.toml');
    const released = releaseOf(repo);
    expect(released['feluda-cluster-embeddings']).toMatchObject({ nextVersion: '0.2.1', tag: 'feluda-cluster-embeddings-0.2.1' });
    expect(repo.read('operators/cluster_embeddings/pyproject.toml')).toBe(before.replace('version = "0.2.0"', 'version = "0.2.1"'));
    expect(tagOf(repo, 'feluda-cluster-embeddings-0.2.1')).toEqual({ commit: repo.git('rev-parse', 'HEAD'), type: 'tag' });
    expect(repo.tags().filter((t) => t.startsWith('feluda-cluster-embeddings-'))).toEqual([
      'feluda-cluster-embeddings-0.1.2',
      'feluda-cluster-embeddings-0.2.0',
      'feluda-cluster-embeddings-0.2.1',
    ]);
    expect(planOf(repo)['feluda-cluster-embeddings']).toMatchObject({ currentVersion: '0.2.1', nextVersion: null });
  });
});

/** python-semantic-release on one package: default `v{version}` tags on its own release commits (subject: the version alone). */
function psrPackage(version: string): string {
  return `[project]
name = "acme-sdk"
version = "${version}"

[tool.semantic_release]
version_toml = ["pyproject.toml:project.version"]
version_variables = ["src/acme_sdk/__init__.py:__version__"]
commit_parser = "conventional"
`;
}

function psrRelease(repo: TestRepo, version: string, pep440: string): void {
  repo.commit(`${version}\n\nAutomatically generated by python-semantic-release`, { 'pyproject.toml': psrPackage(pep440), 'src/acme_sdk/__init__.py': `__version__ = "${pep440}"\n` });
  repo.tag(`v${version}`);
}

describe('adopting a python-semantic-release package', () => {
  it('continues from v tags; its own release commits, candidates included, never count', () => {
    const repo = TestRepo.init();
    repo.commit('feat: first client', { 'pyproject.toml': psrPackage('1.3.0'), 'src/acme_sdk/__init__.py': '__version__ = "1.3.0"\n' });
    psrRelease(repo, '1.4.0', '1.4.0');
    const feat = repo.commit('feat: streaming responses', { 'src/acme_sdk/stream.py': 's = 1\n' });
    psrRelease(repo, '1.5.0-rc.1', '1.5.0-rc.1');
    const fix = repo.commit('fix: retry on 503', { 'src/acme_sdk/stream.py': 's = 2\n' });

    const plan = planOf(repo)['acme-sdk'];
    expect(plan).toMatchObject({ currentVersion: '1.5.0-rc.1', nextVersion: '1.5.0', bump: 'minor', tag: 'v1.5.0' });
    expect(plan?.commits.map((c) => c.sha)).toEqual([fix, feat]);

    releaseOf(repo);
    expect(repo.read('pyproject.toml')).toContain('version = "1.5.0"');
    expect(tagOf(repo, 'v1.5.0').commit).toBe(repo.git('rev-parse', 'HEAD'));
    expect(planOf(repo)['acme-sdk']).toMatchObject({ currentVersion: '1.5.0', nextVersion: null });
  });
});
