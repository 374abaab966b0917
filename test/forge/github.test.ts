import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { createRelease, findRelease, githubContext } from '../../src/forge/github.js';
import { FakeGitHub, GITHUB_TOKEN } from '../helpers/githubServer.js';

const COMMIT = 'a'.repeat(40);

async function failure(promise: Promise<unknown>): Promise<RelmanError> {
  const e = await promise.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(RelmanError);
  return e as RelmanError;
}

describe('githubContext', () => {
  it('reads the variables GitHub Actions sets; the API URL defaults to api.github.com', () => {
    expect(githubContext({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/api' })).toEqual({ token: 't', repository: 'acme/api', apiUrl: 'https://api.github.com' });
    expect(githubContext({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/api', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).apiUrl).toBe('https://ghe.example.com/api/v3');
  });

  it.each([
    [{ GITHUB_REPOSITORY: 'acme/api' }, '--github: GITHUB_TOKEN is not set'],
    [{ GITHUB_TOKEN: 't' }, '--github: GITHUB_REPOSITORY must name the repository as owner/repo, and it is not set'],
    [{ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'api' }, '--github: GITHUB_REPOSITORY must name the repository as owner/repo, not "api"'],
    [{ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/api', GITHUB_API_URL: 'ftp://x' }, '--github: GITHUB_API_URL must be an http(s) URL, not "ftp://x"'],
  ])('%o → %s', (env, message) => expect(() => githubContext(env)).toThrow(message));
});

describe('GitHub releases REST calls', () => {
  it('looks a release up by tag, then creates it with the documented request', async () => {
    const github = await FakeGitHub.start();
    const ctx = githubContext(github.env());
    expect(await findRelease(ctx, 'web@1.0.0')).toBeNull();
    const url = await createRelease(ctx, { tag: 'web@1.0.0', name: 'web@1.0.0', body: '### Features\n', prerelease: true, commit: COMMIT });
    expect(url).toBe('https://github.com/acme/platform/releases/tag/web@1.0.0');
    expect(await findRelease(ctx, 'web@1.0.0')).toBe(url);
    expect(github.requests).toEqual([
      { method: 'GET', path: '/repos/acme/platform/releases/tags/web%401.0.0', body: null },
      { method: 'POST', path: '/repos/acme/platform/releases', body: { tag_name: 'web@1.0.0', target_commitish: COMMIT, name: 'web@1.0.0', body: '### Features\n', draft: false, prerelease: true } },
      { method: 'GET', path: '/repos/acme/platform/releases/tags/web%401.0.0', body: null },
    ]);
    expect(github.problems).toEqual([]);
  });

  it("names GitHub's answer and a way out, never the token", async () => {
    const github = await FakeGitHub.start();
    const ctx = githubContext(github.env());
    await createRelease(ctx, { tag: 'v1.0.0', name: 'v1.0.0', body: '', prerelease: false, commit: COMMIT });
    const taken = await failure(createRelease(ctx, { tag: 'v1.0.0', name: 'v1.0.0', body: '', prerelease: false, commit: COMMIT }));
    expect(taken.message).toBe('GitHub answered 422 to POST /repos/acme/platform/releases while creating the release of v1.0.0: Validation Failed; tag_name already_exists');

    const denied = await failure(findRelease({ ...ctx, token: 'wrong' }, 'v1.0.0'));
    expect([denied.message, denied.hint]).toEqual(['GitHub answered 401 to GET /repos/acme/platform/releases/tags/v1.0.0 while looking up the release of v1.0.0: Bad credentials', 'GITHUB_TOKEN is invalid or expired']);

    const unreachable = await failure(findRelease({ ...ctx, apiUrl: 'http://127.0.0.1:1' }, 'v1.0.0'));
    expect(unreachable.message).toMatch(/^cannot reach the GitHub API at http:\/\/127\.0\.0\.1:1: /);
    for (const e of [taken, denied, unreachable]) expect(`${e.message} ${e.hint}`).not.toContain(GITHUB_TOKEN);
  });
});
