import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject, tempDir } from '../helpers/repo.js';

function ok(repo: TestRepo, ...args: string[]): string {
  const r = repo.relman(...args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

function versionsIn(changelog: string): string[] {
  return [...changelog.matchAll(/^## (\S+)/gm)].map((m) => m[1] ?? '');
}

/** Production runs solo 1.42.1; main has moved on to the 1.43.0 candidates. */
function candidatesOpenOnMain(): TestRepo {
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'package.json': packageJson('solo', '1.42.1'), 'search.js': 'v1\n', 'auth.js': 'v1\n' });
  ok(repo, 'release');
  repo.commit('feat: new search', { 'search.js': 'v2\n' });
  ok(repo, 'release', '--prerelease', 'rc');
  expect(repo.tags()).toEqual(['v1.42.1', 'v1.43.0-rc.1']);
  return repo;
}

describe('hotfix lines', () => {
  it('cut from the production tag while candidates are open, released as a patch, merged back', () => {
    const repo = candidatesOpenOnMain();
    const mainBefore = repo.git('rev-parse', 'main');

    const started = JSON.parse(ok(repo, 'hotfix', 'start', '--json'));
    expect(started).toEqual({ branch: 'release-v1.42.2', package: 'solo', fromTag: 'v1.42.1', fromCommit: repo.git('rev-list', '-n', '1', 'v1.42.1'), version: '1.42.2', created: true });
    expect(repo.git('branch', '--show-current')).toBe('release-v1.42.2');
    expect(repo.git('rev-parse', 'HEAD')).toBe(started.fromCommit);

    repo.commit('fix: token expiry', { 'auth.js': 'v2\n' });
    repo.commit('feat: not on a hotfix line', { 'auth.js': 'v3\n' });
    const refused = repo.relman('release');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/commit [0-9a-f]{7} \(feat: not on a hotfix line\) asks for a minor release, but a hotfix line releases patches only/);
    repo.git('reset', '-q', '--hard', 'HEAD~1');

    ok(repo, 'release');
    expect(repo.tags()).toContain('v1.42.2');
    expect(JSON.parse(repo.read('package.json')).version).toBe('1.42.2');
    expect(versionsIn(repo.read('CHANGELOG.md'))).toEqual(['1.42.2', '1.42.1']);

    const status = repo.relman('status', '--json');
    expect(status.stderr).toContain('relman: warning: release branch release-v1.42.2 is not merged back into main: relman hotfix finish --branch release-v1.42.2');
    expect(JSON.parse(status.stdout).unmergedReleaseBranches).toEqual([{ name: 'release-v1.42.2', remote: null }]);

    const dry = ok(repo, 'hotfix', 'finish', '--dry-run');
    expect(dry).toBe("would merge 2 commit(s) of release-v1.42.2 into main; would settle conflicts in CHANGELOG.md (both sections kept), package.json (main's version kept) (dry run: nothing was changed)\n");
    expect(repo.git('rev-parse', 'main')).toBe(mainBefore);
    expect(repo.git('branch', '--show-current')).toBe('release-v1.42.2');

    const finished = JSON.parse(ok(repo, 'hotfix', 'finish', '--json'));
    expect(finished).toMatchObject({ branch: 'release-v1.42.2', into: 'main', commits: 2, resolved: [{ path: 'CHANGELOG.md', kind: 'changelog' }, { path: 'package.json', kind: 'manifest' }] });
    expect(repo.git('branch', '--show-current')).toBe('main');
    expect(repo.git('rev-parse', 'HEAD')).toBe(finished.commit);
    expect(repo.git('log', '-1', '--format=%P')).toBe(`${mainBefore} ${repo.git('rev-parse', 'release-v1.42.2')}`);
    expect(repo.git('log', '-1', '--format=%s')).toBe("Merge branch 'release-v1.42.2' into main");
    expect(JSON.parse(repo.read('package.json')).version).toBe('1.43.0-rc.1');
    expect(repo.read('auth.js')).toBe('v2\n');
    expect(repo.read('search.js')).toBe('v2\n');
    expect(versionsIn(repo.read('CHANGELOG.md'))).toEqual(['1.43.0-rc.1', '1.42.2', '1.42.1']);
    expect(repo.read('CHANGELOG.md')).toContain('- token expiry (');
    expect(repo.git('status', '--porcelain')).toBe('');

    const after = repo.relman('status', '--json');
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).unmergedReleaseBranches).toEqual([]);
    expect(ok(repo, 'hotfix', 'finish', '--branch', 'release-v1.42.2')).toBe('release-v1.42.2 has no commit main lacks: nothing to merge\n');

    // The final of the candidates counts from the hotfix: only main's own change is new.
    const plan = JSON.parse(ok(repo, 'plan', '--json')).packages[0];
    expect(plan).toMatchObject({ currentVersion: '1.43.0-rc.1', nextVersion: '1.43.0', bump: 'minor' });
    expect(plan.commits.map((c: { subject: string }) => c.subject)).toEqual(['new search']);
  });

  it('a code conflict stops the merge back, names the file and changes nothing', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0'), 'a.js': 'x = 1\n' });
    ok(repo, 'release');
    repo.commit('fix: on main', { 'a.js': 'x = "main"\n' });
    const mainBefore = repo.git('rev-parse', 'main');
    ok(repo, 'hotfix', 'start');
    repo.commit('fix: on the hotfix line', { 'a.js': 'x = "hotfix"\n' });
    ok(repo, 'release');
    const branchBefore = repo.git('rev-parse', 'HEAD');

    for (const args of [['--dry-run'], []]) {
      const r = repo.relman('hotfix', 'finish', ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^relman: error: merging release-v1\.0\.1 into main (would stop|stopped) on conflicts relman does not settle: a\.js; nothing was changed\nhint: merge by hand: git checkout main && git merge release-v1\.0\.1/);
      expect(repo.git('branch', '--show-current')).toBe('release-v1.0.1');
      expect(repo.git('rev-parse', 'HEAD')).toBe(branchBefore);
      expect(repo.git('rev-parse', 'main')).toBe(mainBefore);
      expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
      expect(existsSync(path.join(repo.dir, '.git/MERGE_HEAD'))).toBe(false);
      expect(repo.read('a.js')).toBe('x = "hotfix"\n');
    }
  });

  it('in a monorepo: the line is named after the package; a manifest merges its other changes too', () => {
    const repo = TestRepo.init();
    const manifest = (version: string, deps: string, tool: string) =>
      pyproject('svc', version, `description = "a service"\nrequires-python = ">=3.10"\ndependencies = [${deps}]\n\n[tool.svc]\nmode = "${tool}"\n`);
    repo.commit('chore: init', { 'svc/pyproject.toml': manifest('1.0.0', '"requests"', 'a'), 'web/package.json': packageJson('web', '2.0.0') });
    ok(repo, 'release');
    repo.commit('feat: httpx', { 'svc/pyproject.toml': manifest('1.0.0', '"httpx"', 'a') });
    ok(repo, 'release', '--prerelease', 'rc');

    const ambiguous = repo.relman('hotfix', 'start');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('relman: error: this repository has several packages: name the one to hotfix with --package NAME\nhint: packages here: svc, web');
    const dry = JSON.parse(ok(repo, 'hotfix', 'start', '--from', 'svc-v1.0.0', '--dry-run', '--json'));
    expect(dry).toMatchObject({ branch: 'release-svc-v1.0.1', package: 'svc', fromTag: 'svc-v1.0.0', created: false });
    expect(repo.git('branch', '--show-current')).toBe('main');

    expect(ok(repo, 'hotfix', 'start', '--package', 'svc')).toBe('created release-svc-v1.0.1 at svc-v1.0.0 and checked it out\n');
    repo.commit('fix: safer mode', { 'svc/pyproject.toml': manifest('1.0.0', '"requests"', 'b') });
    ok(repo, 'release');
    expect(repo.tags()).toContain('svc-v1.0.1');

    ok(repo, 'hotfix', 'finish');
    expect(repo.read('svc/pyproject.toml')).toBe(manifest('1.1.0rc1', '"httpx"', 'b'));
    expect(versionsIn(repo.read('svc/CHANGELOG.md'))).toEqual(['1.1.0-rc.1', '1.0.1', '1.0.0']);
  });

  it('status warns about a release branch only the remote has', () => {
    const repo = candidatesOpenOnMain();
    const remote = TestRepo.init({ bare: true });
    repo.git('remote', 'add', 'origin', remote.dir);
    ok(repo, 'hotfix', 'start');
    repo.commit('fix: urgent', { 'auth.js': 'v2\n' });
    repo.git('push', '-q', 'origin', 'main', 'release-v1.42.2');
    const clone = new TestRepo(tempDir());
    repo.git('clone', '-q', remote.dir, clone.dir);
    const status = clone.relman('status', '--json');
    expect(status.stderr).toBe('relman: warning: release branch origin/release-v1.42.2 is not merged back into main: git checkout release-v1.42.2, then relman hotfix finish\n');
    expect(JSON.parse(status.stdout).unmergedReleaseBranches).toEqual([{ name: 'release-v1.42.2', remote: 'origin' }]);
  });

  it('refuses what it cannot do, changing nothing', () => {
    const repo = candidatesOpenOnMain();
    const cases: [string[], number, string][] = [
      [['hotfix', 'start', '--from', 'v1.43.0-rc.1'], 1, 'relman: error: --from v1.43.0-rc.1: v1.43.0-rc.1 is a release candidate'],
      [['hotfix', 'start', '--from', 'v9.9.9'], 1, 'relman: error: --from v9.9.9: no release tag of solo has that name'],
      [['hotfix', 'finish'], 2, 'relman: error: main is not a release branch: hotfix finish merges a release-* branch back'],
      [['hotfix', 'finish', '--branch', 'release-v0.0.1'], 1, 'relman: error: no branch named release-v0.0.1'],
      [['hotfix', 'stop'], 2, 'relman: error: hotfix: unknown subcommand "stop"'],
    ];
    for (const [args, code, message] of cases) {
      const r = repo.relman(...args);
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([code, message]);
    }
    ok(repo, 'hotfix', 'start');
    repo.git('checkout', '-q', 'main');
    const again = repo.relman('hotfix', 'start');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('relman: error: branch release-v1.42.2 already exists\nhint: continue on it: git checkout release-v1.42.2');
    expect(repo.git('branch', '--show-current')).toBe('main');
  });
});
