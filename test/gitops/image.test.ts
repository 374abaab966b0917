import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortableTag, tagSafeBranch } from '../../src/gitops/imageTag.js';
import { dockerConfigFor, PASSWORD, pushImage, startRegistry, type TestRegistry } from '../helpers/registry.js';
import { runRelman, TestRepo } from '../helpers/repo.js';

describe('relman image-tag', () => {
  it.each([
    ['main', 'main'],
    ['release/v1.42.2', 'release-v1.42.2'],
    ['feature/JIRA-12_x y', 'feature/JIRA-12_x y'.replace(/[/ ]/g, '-')],
    ['-.odd//name', 'odd-name'],
  ])('makes %j a valid tag prefix', (branch, want) => {
    expect(tagSafeBranch(branch)).toBe(want);
  });

  it('keeps tags within 128 characters', () => {
    const tag = sortableTag('x'.repeat(200), 'a'.repeat(40), 1700000000);
    expect(tag).toHaveLength(128);
    expect(tag.endsWith('-aaaaaaa-1700000000')).toBe(true);
  });

  it('names the branch, the short sha and the commit time; the same for a rebuild', () => {
    const repo = TestRepo.init();
    const sha = repo.commit('feat: one', { a: '1' });
    const time = repo.git('show', '-s', '--format=%ct', 'HEAD');
    repo.git('checkout', '-q', '-b', 'release-v1.42.2');
    const r = repo.relman('image-tag');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`release-v1.42.2-${sha.slice(0, 7)}-${time}`);
    expect(repo.relman('image-tag').stdout).toBe(r.stdout);
    repo.git('checkout', '-q', '--detach');
    expect(JSON.parse(repo.relman('image-tag', '--branch', 'feature/x', '--json').stdout)).toEqual({ tag: `feature-x-${sha.slice(0, 7)}-${time}`, branch: 'feature/x', sha, commitTime: Number(time) });
    const detached = runRelman(['image-tag'], repo.dir, { GITHUB_HEAD_REF: '', GITHUB_REF_NAME: '', CI_COMMIT_REF_NAME: '', BRANCH_NAME: '' });
    expect(detached.code).toBe(1);
    expect(detached.stderr).toMatch('relman: error: HEAD is detached and no branch is named\nhint: pass --branch NAME');
    expect(runRelman(['image-tag'], repo.dir, { GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main', CI_COMMIT_REF_NAME: '', BRANCH_NAME: '' }).stdout.trim()).toBe(`main-${sha.slice(0, 7)}-${time}`);
  });
});

describe('relman image promote', () => {
  let reg: TestRegistry;
  let secured: TestRegistry;
  const digests: Record<string, string> = {};
  beforeAll(async () => {
    [reg, secured] = await Promise.all([startRegistry(), startRegistry('htpasswd')]);
    digests.build = await pushImage(reg, 'team/app', 'main-abc1234-1700000000');
    digests.other = await pushImage(reg, 'team/app', 'main-def5678-1700000100');
    digests.secured = await pushImage(secured, 'team/app', 'main-abc1234-1700000000');
  });
  afterAll(async () => {
    await Promise.all([reg.stop(), secured.stop()]);
  });

  it('copies the digest under the new tag, once', () => {
    const dir = TestRepo.init().dir;
    const r = runRelman(['image', 'promote', `${reg.host}/team/app:main-abc1234-1700000000`, 'v1.4.0', '--json'], dir, { DOCKER_CONFIG: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ image: `${reg.host}/team/app`, source: 'main-abc1234-1700000000', tag: 'v1.4.0', digest: digests.build, created: true, dryRun: false });
    const again = runRelman(['image', 'promote', `${reg.host}/team/app:main-abc1234-1700000000`, 'v1.4.0'], dir, { DOCKER_CONFIG: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(`${reg.host}/team/app:v1.4.0 is already ${digests.build}; nothing to do`);
  });

  it('never reuses a tag for another digest', () => {
    const dir = TestRepo.init().dir;
    runRelman(['image', 'promote', `${reg.host}/team/app:main-abc1234-1700000000`, 'v2.0.0'], dir, { DOCKER_CONFIG: dir });
    const r = runRelman(['image', 'promote', `${reg.host}/team/app:main-def5678-1700000100`, 'v2.0.0'], dir, { DOCKER_CONFIG: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(`relman: error: ${reg.host}/team/app:v2.0.0 already exists for another image (${digests.build}, not ${digests.other} of main-def5678-1700000100)`);
    expect(r.stderr).toMatch('hint: tags are never reused');
  });

  it('uses the Docker config credentials and never prints them', async () => {
    const dir = TestRepo.init().dir;
    const config = await dockerConfigFor(secured.host);
    try {
      const ok = runRelman(['image', 'promote', `${secured.host}/team/app:main-abc1234-1700000000`, 'v1.0.0'], dir, { DOCKER_CONFIG: config });
      expect(ok.code, ok.stderr).toBe(0);
      const none = runRelman(['image', 'promote', `${secured.host}/team/app:main-abc1234-1700000000`, 'v1.0.1'], dir, { DOCKER_CONFIG: dir });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(`relman: error: registry ${secured.host} requires credentials for GET team/app (401`);
      expect(`${ok.stdout}${ok.stderr}${none.stderr}`).not.toContain(PASSWORD);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it('refuses bad input as usage errors', () => {
    const dir = TestRepo.init().dir;
    expect(runRelman(['image', 'promote', `${reg.host}/team/app`, 'v1'], dir, { DOCKER_CONFIG: dir }).code).toBe(2);
    expect(runRelman(['image', 'promote', `${reg.host}/Team/App:x`, 'v1'], dir, { DOCKER_CONFIG: dir }).code).toBe(2);
    const bad = runRelman(['image', 'promote', `${reg.host}/team/app:main-abc1234-1700000000`, '-bad'], dir, { DOCKER_CONFIG: dir });
    expect(bad.code).toBe(2);
  });
});
