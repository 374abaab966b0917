import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject, runRelman, tempDir } from '../helpers/repo.js';

interface PlanJson {
  packages: { name: string; path: string; currentVersion: string; nextVersion: string | null; bump: string | null; tag: string | null; commits: { sha: string; type: string | null; scope: string | null; breaking: boolean; subject: string }[] }[];
}

function planOf(repo: TestRepo, ...args: string[]): PlanJson {
  const r = repo.relman('plan', '--json', ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
}

function byName(plan: PlanJson) {
  return Object.fromEntries(plan.packages.map((p) => [p.name, p]));
}

/** The seed's shape: the feluda core package at the root, operators below it, python-semantic-release tags. */
function pythonMonorepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'relman.toml': '[packages."feluda"]\npaths = ["feluda/**", "pyproject.toml"]\n',
    'pyproject.toml': pyproject('feluda', '0.9.2', '\n[tool.semantic_release.branches.main]\ntag_format = "{name}-{version}"\n'),
    'feluda/core.py': 'x = 1\n',
    'operators/vid_vec/pyproject.toml': pyproject('feluda-vid-vec', '0.1.3', '# keep this comment\n[tool.semantic_release.branches.main]\ntag_format = "{name}-{version}"\n'),
    'operators/vid_vec/op.py': 'y = 1\n',
    'operators/hash/pyproject.toml': pyproject('feluda-hash', '1.0.0', '\n[tool.semantic_release.branches.main]\ntag_format = "{name}-{version}"\n'),
    'operators/hash/op.py': 'z = 1\n',
    'README.md': 'hello\n',
  });
  repo.commit('chore: initial import');
  repo.tag('feluda-0.9.2');
  repo.tag('feluda-vid-vec-0.1.3', 'HEAD', false);
  repo.tag('feluda-hash-1.0.0');
  return repo;
}

describe('relman plan and release on a Python monorepo', () => {
  it('plans per package from conventional commits', () => {
    const repo = pythonMonorepo();
    repo.commit('feat(vid): add clip model', { 'operators/vid_vec/op.py': 'y = 2\n' });
    const fix = repo.commit('fix: typo in core', { 'feluda/core.py': 'x = 2\n' });
    repo.commit('docs: readme only', { 'README.md': 'more\n' });
    repo.commit('chore: semantic versioning workflow', { 'operators/hash/op.py': 'z = 2\n' });
    repo.write({ 'relman.toml': `releaseCommits = ["^chore: semantic versioning workflow"]\n${repo.read('relman.toml')}` });
    repo.commit('build: relman config');

    const plan = byName(planOf(repo));
    expect(plan['feluda']).toMatchObject({ path: '.', currentVersion: '0.9.2', nextVersion: '0.9.3', bump: 'patch', tag: 'feluda-0.9.3' });
    expect(plan['feluda']?.commits).toEqual([{ sha: fix, type: 'fix', scope: null, breaking: false, subject: 'typo in core' }]);
    expect(plan['feluda-vid-vec']).toMatchObject({ path: 'operators/vid_vec', nextVersion: '0.2.0', bump: 'minor', tag: 'feluda-vid-vec-0.2.0' });
    expect(plan['feluda-hash']).toMatchObject({ currentVersion: '1.0.0', nextVersion: null, bump: null, tag: null, commits: [] });
  });

  it('releases: edits only the version, one release commit, tags on it; a rerun has nothing to do', () => {
    const repo = pythonMonorepo();
    repo.commit('feat!: new operator API', { 'operators/vid_vec/op.py': 'y = 3\n' });
    const before = repo.read('operators/vid_vec/pyproject.toml');

    const r = repo.relman('release');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('released feluda-vid-vec-1.0.0');
    expect(repo.read('operators/vid_vec/pyproject.toml')).toBe(before.replace('version = "0.1.3"', 'version = "1.0.0"'));
    expect(repo.git('log', '-1', '--format=%s')).toBe('chore(release): feluda-vid-vec-1.0.0');
    expect(repo.git('rev-list', '-n', '1', 'feluda-vid-vec-1.0.0')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.git('cat-file', '-t', 'feluda-vid-vec-1.0.0')).toBe('tag');
    expect(repo.git('status', '--porcelain')).toBe('');

    const again = repo.relman('release');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to release');
    expect(byName(planOf(repo))['feluda-vid-vec']).toMatchObject({ currentVersion: '1.0.0', nextVersion: null });
  });

  it('writes PEP 440 into pyproject.toml while the tag keeps semver', () => {
    const repo = pythonMonorepo();
    repo.commit('feat: candidate', { 'operators/hash/op.py': 'z = 9\n' });
    const r = repo.relman('release', '--prerelease', 'rc', '--package', 'feluda-hash', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).packages[0]).toMatchObject({ name: 'feluda-hash', nextVersion: '1.1.0-rc.1', tag: 'feluda-hash-1.1.0-rc.1' });
    expect(repo.read('operators/hash/pyproject.toml')).toContain('version = "1.1.0rc1"');
    expect(repo.tags()).toContain('feluda-hash-1.1.0-rc.1');
  });

  it('--dry-run changes nothing', () => {
    const repo = pythonMonorepo();
    repo.commit('fix: x', { 'operators/hash/op.py': 'z = 5\n' });
    const head = repo.git('rev-parse', 'HEAD');
    const r = repo.relman('release', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('feluda-hash-1.0.1');
    expect(r.stdout).toContain('dry run');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.tags()).not.toContain('feluda-hash-1.0.1');
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

describe('relman on other repository shapes', () => {
  it('single-package repository: v tags, first release at the manifest version', () => {
    const repo = TestRepo.init();
    repo.commit('feat: first', { 'package.json': packageJson('solo', '0.3.0') });
    expect(planOf(repo).packages).toEqual([
      expect.objectContaining({ name: 'solo', path: '.', currentVersion: '0.3.0', nextVersion: '0.3.0', tag: 'v0.3.0' }),
    ]);
    expect(repo.relman('release').code).toBe(0);
    expect(repo.tags()).toEqual(['v0.3.0']);
    repo.commit('feat: second', { 'index.js': '1\n' });
    expect(planOf(repo).packages[0]).toMatchObject({ currentVersion: '0.3.0', nextVersion: '0.4.0', tag: 'v0.4.0' });
  });

  it('npm workspaces: warns, naming the manifest, when a release leaves a range a sibling declares, and leaves the range as it is', () => {
    const repo = TestRepo.init();
    const web = packageJson('@acme/web', '1.4.0', { dependencies: { '@acme/api': '^1.2.0', react: '^18.0.0' }, devDependencies: { '@acme/lint': 'workspace:*' } });
    repo.write({
      'package.json': packageJson('root', '0.0.0', { private: true, workspaces: ['packages/*'] }),
      'packages/api/package.json': packageJson('@acme/api', '1.2.0'),
      'packages/web/package.json': web,
      'packages/lint/package.json': packageJson('@acme/lint', '0.1.0'),
    });
    repo.commit('chore: init');
    for (const t of ['@acme/api@1.2.0', '@acme/web@1.4.0', '@acme/lint@0.1.0']) repo.tag(t);
    repo.commit('feat(api)!: sessions replace tokens', { 'packages/api/index.js': 's\n' });
    repo.commit('feat(lint): a rule', { 'packages/lint/index.js': 'r\n' });
    const warning = 'packages/web/package.json: dependencies "@acme/api": "^1.2.0" leaves out 2.0.0, the version this release makes; update the range (relman does not change it)';
    const plan = repo.relman('plan', '--json');
    expect(JSON.parse(plan.stdout).warnings).toEqual([warning]);
    expect(plan.stderr).toContain(`relman: warning: ${warning}`);
    const release = repo.relman('release');
    expect(release.code).toBe(0);
    expect(release.stderr).toContain(warning);
    expect(repo.read('packages/web/package.json')).toBe(web);
  });

  it('Cargo workspace: warns when a release leaves the version requirement of a path dependency', () => {
    const repo = TestRepo.init();
    repo.write({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/api/Cargo.toml': '[package]\nname = "api"\nversion = "0.4.1"\n',
      'crates/web/Cargo.toml': '[package]\nname = "web"\nversion = "1.0.0"\n\n[dependencies]\napi = { path = "../api", version = "0.4" }\n',
    });
    repo.commit('chore: init');
    repo.tag('api-v0.4.1');
    repo.tag('web-v1.0.0');
    repo.commit('feat(api): streaming', { 'crates/api/src/lib.rs': 'pub fn s() {}\n' });
    const plan = repo.relman('plan', '--json');
    expect(JSON.parse(plan.stdout).warnings).toEqual([
      'crates/web/Cargo.toml: dependencies "api": "0.4" leaves out 0.5.0, the version this release makes; update the range (relman does not change it)',
    ]);
  });

  it('npm workspaces: skips the private root, reads @scope/name@version tags', () => {
    const repo = TestRepo.init();
    repo.write({
      'package.json': packageJson('root', '0.0.0', { private: true, workspaces: ['packages/*'] }),
      'packages/ui/package.json': packageJson('@acme/ui', '2.1.0'),
      'packages/core/package.json': packageJson('@acme/core', '1.0.0'),
      'examples/demo/package.json': packageJson('demo', '1.0.0'),
    });
    repo.commit('chore: init');
    repo.tag('@acme/ui@2.1.0');
    repo.tag('@acme/core@1.0.0');
    repo.commit('fix(ui): button', { 'packages/ui/button.js': 'b\n' });
    const plan = byName(planOf(repo));
    expect(Object.keys(plan).sort()).toEqual(['@acme/core', '@acme/ui']);
    expect(plan['@acme/ui']).toMatchObject({ nextVersion: '2.1.1', tag: '@acme/ui@2.1.1' });
    expect(plan['@acme/core']?.nextVersion).toBeNull();
  });

  it('a new package follows the tag format its siblings adopted', () => {
    const repo = TestRepo.init();
    repo.write({
      'package.json': packageJson('root', '0.0.0', { private: true, workspaces: ['packages/*'] }),
      'packages/ui/package.json': packageJson('@acme/ui', '2.1.0'),
      'packages/core/package.json': packageJson('@acme/core', '1.0.0'),
    });
    repo.commit('chore: init');
    repo.tag('@acme/ui@2.1.0');
    repo.tag('@acme/core@1.0.0');
    repo.commit('feat(icons): new package', { 'packages/icons/package.json': packageJson('@acme/icons', '0.1.0') });
    expect(byName(planOf(repo))['@acme/icons']).toMatchObject({ nextVersion: '0.1.0', tag: '@acme/icons@0.1.0' });
  });

  it('counts a merge through the commits it brings', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'a/package.json': packageJson('a', '1.0.0'), 'b/package.json': packageJson('b', '1.0.0') });
    repo.tag('a-v1.0.0');
    repo.tag('b-v1.0.0');
    repo.git('checkout', '-q', '-b', 'topic');
    const feat = repo.commit('feat(a): on a branch', { 'a/x.js': '1\n' });
    repo.git('checkout', '-q', 'main');
    const fix = repo.commit('fix(b): on main', { 'b/y.js': '1\n' });
    repo.git('merge', '-q', '--no-ff', '-m', 'feat!: merge message does not count', 'topic');
    const plan = byName(planOf(repo));
    expect(plan['a']).toMatchObject({ nextVersion: '1.1.0', commits: [expect.objectContaining({ sha: feat })] });
    expect(plan['b']).toMatchObject({ nextVersion: '1.0.1', commits: [expect.objectContaining({ sha: fix })] });
  });

  it('keeps the history of a renamed package folder', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'old-name/package.json': packageJson('svc', '1.0.0'), 'other/package.json': packageJson('other', '1.0.0') });
    repo.tag('svc-v1.0.0');
    repo.tag('other-v1.0.0');
    repo.commit('feat: added under the old name', { 'old-name/feature.js': 'f\n' });
    repo.write({ 'services/.keep': '' });
    repo.git('mv', 'old-name', 'services/svc');
    repo.commit('refactor: move svc');
    expect(byName(planOf(repo))['svc']).toMatchObject({ path: 'services/svc', nextVersion: '1.1.0', bump: 'minor' });
  });

  it('--package limits the plan; an unknown name is an error', () => {
    const repo = pythonMonorepo();
    expect(planOf(repo, '--package', 'feluda-hash').packages.map((p) => p.name)).toEqual(['feluda-hash']);
    const r = repo.relman('plan', '--package', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('relman: error: no package named "nope"');
  });

  it('status shows latest tag, manifest version and unreleased commits', () => {
    const repo = pythonMonorepo();
    repo.commit('fix: a', { 'operators/hash/op.py': '1\n' });
    repo.commit('fix: b', { 'operators/hash/op.py': '2\n' });
    const r = repo.relman('status', '--json');
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { packages: { name: string; latestTag: string; manifestVersion: string; unreleasedCommits: number }[] };
    expect(status.packages.find((p) => p.name === 'feluda-hash')).toMatchObject({ latestTag: 'feluda-hash-1.0.0', manifestVersion: '1.0.0', unreleasedCommits: 2 });
    expect(repo.relman('status').stdout).toMatch(/feluda-hash\s+feluda-hash-1\.0\.0\s+1\.0\.0\s+2/);
  });

  it('pushes the release commit and tags atomically', () => {
    const remote = TestRepo.init({ bare: true });
    const repo = TestRepo.init();
    repo.commit('feat: first', { 'package.json': packageJson('solo', '1.0.0') });
    repo.tag('v1.0.0');
    repo.git('remote', 'add', 'origin', remote.dir);
    repo.git('push', '-q', 'origin', 'main', '--tags');
    repo.commit('fix: second', { 'x.js': '1\n' });
    const r = repo.relman('release', '--push');
    expect(r.code).toBe(0);
    expect(remote.git('rev-parse', 'main')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(remote.git('tag', '--list')).toContain('v1.0.1');
  });
  it('refuses to push a release from a detached HEAD', () => {
    const remote = TestRepo.init({ bare: true });
    const repo = TestRepo.init();
    repo.commit('feat: first', { 'package.json': packageJson('solo', '1.0.0') });
    repo.git('remote', 'add', 'origin', remote.dir);
    repo.git('checkout', '-q', '--detach');
    const r = repo.relman('release', '--push');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('relman: error: --push: HEAD is detached');
    expect(repo.tags()).toEqual([]);
  });
});

describe('bad input', () => {
  it('outside a git repository: one clear line, exit 1', () => {
    const r = runRelman(['plan'], tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^relman: error: .* is not a git repository\nhint: /);
  });

  it('an unknown flag is a usage error (exit 2)', () => {
    const repo = pythonMonorepo();
    const r = repo.relman('plan', '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^relman: error: plan: Unknown option '--frobnicate'/);
    expect(repo.relman('frobnicate').code).toBe(2);
  });

  it('a dirty tree stops release but not plan', () => {
    const repo = pythonMonorepo();
    repo.commit('fix: x', { 'operators/hash/op.py': '3\n' });
    repo.write({ 'feluda/core.py': 'dirty\n' });
    expect(repo.relman('plan').code).toBe(0);
    const r = repo.relman('release');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('relman: error: the working tree has uncommitted changes: feluda/core.py');
    expect(repo.tags()).not.toContain('feluda-hash-1.0.1');
  });

  it('a malformed manifest names file and line and releases nothing', () => {
    const repo = pythonMonorepo();
    repo.commit('fix: x', { 'operators/hash/op.py': '3\n', 'operators/vid_vec/pyproject.toml': '[project]\nname = "feluda-vid-vec"\nversion = "0.1.3\n' });
    const head = repo.git('rev-parse', 'HEAD');
    const r = repo.relman('release');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/operators\/vid_vec\/pyproject\.toml:3/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.tags()).not.toContain('feluda-hash-1.0.1');
  });

  it('a tag that exists on another commit is never moved', () => {
    const repo = pythonMonorepo();
    repo.git('checkout', '-q', '-b', 'elsewhere');
    const other = repo.commit('fix: elsewhere', { 'operators/hash/op.py': 'e\n' });
    repo.tag('feluda-hash-1.0.1');
    repo.git('checkout', '-q', 'main');
    repo.commit('fix: here', { 'operators/hash/op.py': 'h\n' });
    const head = repo.git('rev-parse', 'HEAD');
    const r = repo.relman('release');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`tag feluda-hash-1.0.1 already exists on commit ${other.slice(0, 7)}`);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('rev-list', '-n', '1', 'feluda-hash-1.0.1')).toBe(other);
  });
});
