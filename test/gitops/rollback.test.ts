import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configRepo } from '../helpers/gitopsRepo.js';
import { pushImage, startRegistry, type TestRegistry } from '../helpers/registry.js';

let reg: TestRegistry;
beforeAll(async () => {
  reg = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0', '1.2.0']) await pushImage(reg, 'team/app', tag);
  await pushImage(reg, 'team/other', '5.0.0');
});
afterAll(() => reg.stop());

function files(tag = '1.2.0'): Record<string, string> {
  const host = reg.host;
  return {
    'flux.yaml': `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata: {name: app, namespace: flux-system}
spec: {image: ${host}/team/app}
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata: {name: app-prod, namespace: flux-system}
spec:
  imageRepositoryRef: {name: app}
  policy: {semver: {range: '>=1.0.0'}}
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata: {name: app-uat, namespace: flux-system}
spec:
  imageRepositoryRef: {name: app}
  policy: {semver: {range: '>=1.0.0-0'}}
`,
    'relman.toml': `[[gitops.policies]]\nname = "other"\nimage = "${host}/team/other"\nsemver = "*"\n`,
    'prod/app.yaml': `image: ${host}/team/app:${tag} # {"$imagepolicy": "flux-system:app-prod"}\nother: ${host}/team/other:5.0.0 # {"$imagepolicy": "flux-system:other"}\n`,
    'uat/app.yaml': `tag: ${tag} # {"$imagepolicy": "flux-system:app-uat:tag"}\n`,
  };
}

describe('relman gitops rollback and restore', () => {
  it('withdraws the running tag everywhere it runs, records why, and later updates skip it', () => {
    const { remote, work } = configRepo(files());
    const r = work.relman('gitops', 'rollback', 'app-prod', '--reason', 'broken migration', '--push', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ policy: 'flux-system:app-prod', tag: '1.1.0', pushed: true, withdrawn: { image: `${reg.host}/team/app`, tag: '1.2.0', policy: 'flux-system:app-prod', reason: 'broken migration' } });
    expect(work.read('prod/app.yaml')).toBe(files('1.1.0')['prod/app.yaml']);
    expect(work.read('uat/app.yaml')).toBe('tag: 1.1.0 # {"$imagepolicy": "flux-system:app-uat:tag"}\n');
    const withdrawn = remote.git('show', 'main:.relman/withdrawn.yaml');
    expect(withdrawn).toMatch(/^# Image tags withdrawn by `relman gitops rollback`/);
    expect(withdrawn).toMatch(`- image: ${reg.host}/team/app\n    tag: 1.2.0\n    policy: flux-system:app-prod\n    at: `);
    expect(remote.git('log', '-1', '--format=%B', 'main')).toMatch(`revert(gitops): withdraw ${reg.host}/team/app:1.2.0, back to 1.1.0 (flux-system:app-prod)\n\nReason: broken migration\n`);

    const update = work.relman('gitops', 'update', '--json');
    expect(JSON.parse(update.stdout)).toMatchObject({ changed: false });

    const restore = work.relman('gitops', 'restore', 'flux-system:app-prod', '1.2.0');
    expect(restore.code, restore.stderr).toBe(0);
    expect(work.read('.relman/withdrawn.yaml')).not.toMatch('1.2.0');
    expect(work.relman('gitops', 'update').code).toBe(0);
    expect(work.read('prod/app.yaml')).toBe(files('1.2.0')['prod/app.yaml']);
  });

  it('goes back to a named tag, and warns when an update would move past it', () => {
    const { work } = configRepo(files());
    const r = work.relman('gitops', 'rollback', 'app-prod', '--to', '1.0.0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(`withdrew ${reg.host}/team/app:1.2.0 (rolled back with relman gitops rollback); flux-system:app-prod goes back to 1.0.0`);
    expect(r.stderr).toMatch('relman gitops update would deploy 1.1.0 over 1.0.0');
    expect(work.read('prod/app.yaml')).toContain('team/app:1.0.0 ');
    expect(work.read('uat/app.yaml')).toBe('tag: 1.1.0 # {"$imagepolicy": "flux-system:app-uat:tag"}\n');
  });

  it('refuses what it cannot do, changing nothing', () => {
    const { work } = configRepo(files());
    const head = work.git('rev-parse', 'HEAD');
    const cases: [string[], string][] = [
      [['rollback', 'nope'], 'relman: error: no image policy nope'],
      [['rollback', 'app-prod', '--to', '0.9.0'], `relman: error: ${reg.host}/team/app has no tag 0.9.0`],
      [['rollback', 'app-prod', '--to', '1.2.0'], 'is what flux-system:app-prod runs now'],
      [['restore', 'app-prod', '1.1.0'], `relman: error: ${reg.host}/team/app:1.1.0 is not withdrawn`],
    ];
    for (const [args, message] of cases) {
      const r = work.relman('gitops', ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect(work.relman('gitops', 'rollback').code).toBe(2);
    expect(work.relman('gitops', 'status', '--push').code).toBe(2);
    expect(work.git('rev-parse', 'HEAD')).toBe(head);
  });

  it('rolls back a dry run without writing', () => {
    const { work } = configRepo(files());
    const r = work.relman('gitops', 'rollback', 'app-prod', '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tag: '1.1.0', dryRun: true, commit: null });
    expect(work.git('status', '--porcelain')).toBe('');
  });
});
