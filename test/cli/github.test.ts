import { describe, expect, it } from 'vitest';
import { FakeGitHub, GITHUB_TOKEN, runRelmanAsync } from '../helpers/githubServer.js';
import { TestRepo, packageJson, pyproject } from '../helpers/repo.js';

/** A monorepo with a bare remote, identity in its config so the CLI can commit and tag. */
function monorepo(): TestRepo {
  const remote = TestRepo.init({ bare: true });
  const repo = TestRepo.init();
  repo.git('config', 'user.name', 'Test');
  repo.git('config', 'user.email', 'test@example.com');
  repo.commit('chore: init', { 'api/pyproject.toml': pyproject('api', '1.0.0'), 'web/package.json': packageJson('web', '2.0.0') });
  repo.tag('api-v1.0.0');
  repo.tag('web-v2.0.0');
  repo.git('remote', 'add', 'origin', remote.dir);
  repo.git('push', '-q', 'origin', 'main', '--tags');
  return repo;
}

function relman(repo: TestRepo, github: FakeGitHub, ...args: string[]) {
  return runRelmanAsync(args, repo.dir, { HOME: repo.dir, ...github.env() });
}

describe('GitHub releases', () => {
  it('release --push --github: one release per tag, notes from the changelog, candidates as prereleases', async () => {
    const github = await FakeGitHub.start();
    const repo = monorepo();
    repo.commit('feat: search', { 'api/a.py': '1\n' });
    repo.commit('fix: button', { 'web/b.js': '1\n' });
    const r = await relman(repo, github, 'release', '--push', '--github', '--json');
    expect(r.code, r.stderr).toBe(0);
    const commit = repo.git('rev-parse', 'HEAD');
    expect(JSON.parse(r.stdout).githubReleases).toEqual([
      { tag: 'api-v1.1.0', url: 'https://github.com/acme/platform/releases/tag/api-v1.1.0', prerelease: false, created: true },
      { tag: 'web-v2.0.1', url: 'https://github.com/acme/platform/releases/tag/web-v2.0.1', prerelease: false, created: true },
    ]);
    const notes = repo.read('api/CHANGELOG.md').split('\n\n').slice(2).join('\n\n');
    expect(github.creations()[0]?.body).toEqual({ tag_name: 'api-v1.1.0', target_commitish: commit, name: 'api-v1.1.0', body: notes, draft: false, prerelease: false });
    expect(notes).toMatch(/^### Features\n\n- search \([0-9a-f]{7}\)\n$/);

    repo.commit('fix: paging', { 'api/a.py': '2\n' });
    const rc = await relman(repo, github, 'release', '--prerelease', 'rc', '--github');
    expect(rc.code, rc.stderr).toBe(0);
    expect(rc.stderr).toContain('created GitHub release api-v1.1.1-rc.1 (prerelease): https://github.com/acme/platform/releases/tag/api-v1.1.1-rc.1');
    expect(github.releases.get('api-v1.1.1-rc.1')?.prerelease).toBe(true);
    expect(github.problems).toEqual([]);
    expect(r.stdout + r.stderr + rc.stdout + rc.stderr).not.toContain(GITHUB_TOKEN);
  });

  it('when GitHub fails the tags stay, exit 1; a rerun creates only the missing releases', async () => {
    const github = await FakeGitHub.start();
    const repo = monorepo();
    repo.commit('feat: search', { 'api/a.py': '1\n' });
    repo.commit('fix: button', { 'web/b.js': '1\n' });
    github.failCreating.add('web-v2.0.1');

    const failed = await relman(repo, github, 'release', '--push', '--github');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'relman: error: GitHub answered 500 to POST /repos/acme/platform/releases while creating the release of web-v2.0.1: Server Error; created before it: api-v1.1.0; no GitHub release yet for web-v2.0.1 (the tags stay as they are)\n' +
        'hint: GitHub had a problem; run again: only missing releases are created; then run relman github-release --tag web-v2.0.1 (or relman release --github at the release commit) to create only the missing releases\n',
    );
    expect(failed.stderr).not.toContain(GITHUB_TOKEN);
    expect(repo.tags()).toEqual(['api-v1.0.0', 'api-v1.1.0', 'web-v2.0.0', 'web-v2.0.1']);
    expect(repo.git('ls-remote', '--tags', 'origin')).toContain('refs/tags/web-v2.0.1');

    github.failCreating.clear();
    const dry = await relman(repo, github, 'github-release', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).releases.map((x: { tag: string; created: boolean }) => [x.tag, x.created])).toEqual([['api-v1.1.0', false], ['web-v2.0.1', true]]);
    expect(github.releases.has('web-v2.0.1')).toBe(false);

    const rerun = await relman(repo, github, 'release', '--github');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toBe('nothing to release\n');
    expect(rerun.stderr).toContain('GitHub release api-v1.1.0 exists');
    // api-v1.1.0 once; web-v2.0.1 failed, then made by the rerun.
    expect(github.creations().map((c) => c.body?.tag_name)).toEqual(['api-v1.1.0', 'web-v2.0.1', 'web-v2.0.1']);
    expect([...github.releases.keys()].sort()).toEqual(['api-v1.1.0', 'web-v2.0.1']);
    expect(github.problems).toEqual([]);
  });

  it('github-release --tag publishes named tags; refuses without a token before changing anything', async () => {
    const github = await FakeGitHub.start();
    const repo = monorepo();
    const r = await relman(repo, github, 'github-release', '--tag', 'web-v2.0.0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('created GitHub releases for web-v2.0.0\n');
    expect(github.releases.get('web-v2.0.0')).toMatchObject({ body: '', prerelease: false, target_commitish: repo.git('rev-parse', 'HEAD') });

    // A tag without notes of its own (lightweight, or made by a resumed release) takes its changelog section.
    repo.commit('fix: y', { 'api/a.py': '1\n' });
    expect((await relman(repo, github, 'release')).code).toBe(0);
    const notes = repo.git('for-each-ref', '--format=%(contents:body)', 'refs/tags/api-v1.0.1');
    repo.git('tag', '-d', 'api-v1.0.1');
    repo.tag('api-v1.0.1', 'HEAD', false);
    expect((await relman(repo, github, 'github-release', '--tag', 'api-v1.0.1')).code).toBe(0);
    expect(github.releases.get('api-v1.0.1')?.body).toBe(`${notes.trim()}\n`);
    repo.commit('chore: not a release commit', { 'notes.txt': '1\n' });

    const notReleaseCommit = await relman(repo, github, 'github-release');
    expect(notReleaseCommit.code).toBe(1);
    expect(notReleaseCommit.stderr).toContain('relman: error: HEAD is not a relman release commit, so there are no tags to publish');

    repo.commit('fix: x', { 'web/b.js': '2\n' });
    const head = repo.git('rev-parse', 'HEAD');
    const noToken = await runRelmanAsync(['release', '--github'], repo.dir, { HOME: repo.dir, GITHUB_REPOSITORY: 'acme/platform' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('relman: error: --github: GITHUB_TOKEN is not set\nhint: ');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.tags()).toEqual(['api-v1.0.0', 'api-v1.0.1', 'web-v2.0.0']);
  });
});
