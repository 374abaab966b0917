import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneOf, configRepo, loseNextPushRace, relmanAsync } from '../helpers/gitopsRepo.js';
import { freePort, pushImage, startRegistry, type TestRegistry } from '../helpers/registry.js';

let reg: TestRegistry;
let host: string;
beforeAll(async () => {
  reg = await startRegistry();
  host = reg.host;
  for (const tag of ['1.0.0', '1.1.0', 'main-0dd8ec2-1666551916', 'main-a1b2c3d-1666700000', 'latest', 'sha256-abc.sig']) await pushImage(reg, 'team/app', tag);
  for (const tag of ['0.1.0', '0.2.0', '1.0.0']) await pushImage(reg, 'team/worker', tag);
});
afterAll(() => reg.stop());

const policies = () => `# Flux image automation objects
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata:
  name: app
  namespace: flux-system
spec:
  image: ${host}/team/app
  interval: 5m
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata:
  name: app-prod
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: app
  policy:
    semver:
      range: '>=1.0.0'
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app-uat
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: app
  policy:
    semver:
      range: '>=1.0.0-0'
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app-main
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: app
  filterTags:
    pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)$'
    extract: '$ts'
  policy:
    numerical:
      order: asc
`;

const prodFile = (ref: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app   # the customer-facing app
  namespace: acme
spec:
  template:
    spec:
      containers:
        - name: app
          image:   ${ref}   # {"$imagepolicy": "flux-system:app-prod"}
          args: [ "--port",   "8080" ]   # odd spacing stays
`;

const uatFile = (tag: string) => `# UAT account beta
values:
  image:
    repository: ${host}/team/app
    tag: "${tag}" # {"$imagepolicy": "flux-system:app-uat:tag"}
\r
`;

const devKustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: app
    newName: old/name # {"$imagepolicy": "flux-system:app-main:name"}
    newTag: main-0000000-1 # {"$imagepolicy": "flux-system:app-main:tag"}
`;

const relmanToml = () => `[[gitops.policies]]
name = "worker"
namespace = "flux-system"
image = "${host}/team/worker"
semver = ">=0.1.0 <1.0.0"
`;

function baseFiles(): Record<string, string> {
  return {
    'flux/policies.yaml': policies(),
    'apps/prod/acme.yaml': prodFile(`${host}/team/app:1.0.0`),
    'apps/uat/beta.yaml': uatFile('1.0.0'),
    'apps/dev/kustomization.yaml': devKustomization,
    'apps/worker.yml': `worker: ${host}/team/worker:0.1.0 # {"$imagepolicy": "flux-system:worker"}\n`,
    'apps/other.yaml': `image: x:1 # {"$imagepolicy": "flux-system:nobody"}\n`,
    'apps/broken.yaml': `a: [1, # {"$imagepolicy": "flux-system:app-prod"}\nb: {\n`,
    'README.md': 'image: x # {"$imagepolicy": "flux-system:app-prod"}\n',
    'relman.toml': relmanToml(),
  };
}

describe('relman gitops update', () => {
  it('shows the changes with --dry-run and writes nothing', () => {
    const { work } = configRepo(baseFiles());
    const head = work.git('rev-parse', 'HEAD');
    const r = work.relman('gitops', 'update', '--dry-run', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ changed: true, dryRun: true, commit: null, pushed: false });
    const changes = out.files.flatMap((f: { path: string; changes: { line: number; policy: string; old: string; new: string }[] }) => f.changes.map((c) => ({ path: f.path, ...c })));
    expect(changes).toEqual([
      expect.objectContaining({ path: 'apps/dev/kustomization.yaml', line: 5, policy: 'flux-system:app-main', old: 'old/name', new: `${host}/team/app` }),
      expect.objectContaining({ path: 'apps/dev/kustomization.yaml', line: 6, old: 'main-0000000-1', new: 'main-a1b2c3d-1666700000' }),
      expect.objectContaining({ path: 'apps/prod/acme.yaml', line: 11, old: `${host}/team/app:1.0.0`, new: `${host}/team/app:1.1.0`, object: 'apps/v1 Deployment acme/app' }),
      expect.objectContaining({ path: 'apps/uat/beta.yaml', line: 5, old: '1.0.0', new: '1.1.0' }),
      expect.objectContaining({ path: 'apps/worker.yml', line: 1, policy: 'flux-system:worker', new: `${host}/team/worker:0.2.0` }),
    ]);
    expect(r.stderr).toMatch('apps/other.yaml:1: marker flux-system:nobody names no known image policy (skipped)');
    expect(r.stderr).toMatch(/apps\/broken\.yaml:\d+: .*\(file skipped\)/);
    expect(work.git('rev-parse', 'HEAD')).toBe(head);
    expect(work.git('status', '--porcelain')).toBe('');
  });

  it('commits once, changing only the marked values, pushes, and then has nothing to do', () => {
    const { remote, work } = configRepo(baseFiles());
    const r = work.relman('gitops', 'update', '--push');
    expect(r.stderr).not.toMatch('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/committed [0-9a-f]{7} \(4 files\), pushed/);
    expect(work.read('apps/prod/acme.yaml')).toBe(prodFile(`${host}/team/app:1.1.0`));
    expect(work.read('apps/uat/beta.yaml')).toBe(uatFile('1.1.0'));
    expect(work.read('apps/dev/kustomization.yaml')).toBe(devKustomization.replace('old/name', `${host}/team/app`).replace('main-0000000-1', 'main-a1b2c3d-1666700000'));
    const message = remote.git('log', '-1', '--format=%B', 'main');
    expect(message).toMatch(/^chore\(gitops\): update images of 4 image policies\n\n/);
    expect(message).toContain(`- apps/prod/acme.yaml:11 flux-system:app-prod: ${host}/team/app:1.0.0 → ${host}/team/app:1.1.0`);
    expect(remote.git('rev-parse', 'main')).toBe(work.git('rev-parse', 'HEAD'));
    expect(remote.git('rev-list', '--count', 'main')).toBe('2');

    const again = work.relman('gitops', 'update', '--push', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false, commit: null, files: [] });
    expect(remote.git('rev-list', '--count', 'main')).toBe('2');
  });

  it('routes candidates to UAT only and finals to UAT and production', async () => {
    const { work } = configRepo(baseFiles());
    work.relman('gitops', 'update');
    await pushImage(reg, 'team/app', '2.0.0-rc.1');
    work.relman('gitops', 'update');
    expect(work.read('apps/uat/beta.yaml')).toContain('tag: "2.0.0-rc.1"');
    expect(work.read('apps/prod/acme.yaml')).toContain(`${host}/team/app:1.1.0 `);
    await pushImage(reg, 'team/app', '2.0.0');
    work.relman('gitops', 'update');
    expect(work.read('apps/uat/beta.yaml')).toContain('tag: "2.0.0"');
    expect(work.read('apps/prod/acme.yaml')).toContain(`${host}/team/app:2.0.0 `);
    expect(work.git('log', '-1', '--format=%s')).toBe(`chore(gitops): deploy ${host}/team/app:2.0.0 (flux-system:app-prod, flux-system:app-uat)`);
  });

  it('fetches first when the remote is ahead, and re-applies on top when it moves during the push', () => {
    const { remote, work } = configRepo(baseFiles());
    const other = cloneOf(remote);
    other.commit('chore: earlier change elsewhere', { 'notes.txt': 'one\n' });
    other.git('push', '-q', 'origin', 'main');
    loseNextPushRace(work, other, 'notes.txt');
    const r = work.relman('gitops', 'update', '--push');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch('origin/main moved while pushing; re-applying on top of it (attempt 2/5)');
    const log = remote.git('log', '--format=%s', 'main').split('\n');
    expect(log).toEqual([expect.stringMatching(/^chore\(gitops\): update images/), "chore: someone else's change", 'chore: earlier change elsewhere', 'chore: config repository']);
    expect(remote.git('show', 'main:notes.txt')).toBe('by someone else');
    expect(remote.git('show', 'main:apps/worker.yml')).toContain('worker:0.2.0');
  });

  it('lets two runs push at the same time without losing either change', async () => {
    const { remote, work } = configRepo(baseFiles());
    const other = cloneOf(remote);
    const [a, b] = await Promise.all([relmanAsync(work, 'gitops', 'update', '--push', '--path', 'apps/prod'), relmanAsync(other, 'gitops', 'update', '--push', '--path', 'apps/uat')]);
    expect([a.code, b.code], `${a.stderr}${b.stderr}`).toEqual([0, 0]);
    expect(remote.git('log', '--format=%s', 'main').split('\n')).toHaveLength(3);
    // Both values moved on from 1.0.0 (to 1.1.0, or 2.0.0 once the routing test has pushed it).
    expect(remote.git('show', 'main:apps/prod/acme.yaml')).not.toContain('team/app:1.0.0 ');
    expect(remote.git('show', 'main:apps/uat/beta.yaml')).not.toContain('tag: "1.0.0"');
  });

  it('fails naming policy, registry, file and line when a policy matches no tag, and commits nothing', () => {
    const files = baseFiles();
    files['flux/policies.yaml'] = policies().replace("range: '>=1.0.0'", "range: '>=9.0.0'");
    const { work } = configRepo(files);
    const head = work.git('rev-parse', 'HEAD');
    const r = work.relman('gitops', 'update');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch('relman: error: an image policy cannot be resolved; nothing was changed:');
    expect(r.stderr).toMatch(`image policy flux-system:app-prod (flux/policies.yaml:11): unable to determine latest version from provided list (${host}/team/app: semver range >=9.0.0) (used at apps/prod/acme.yaml:11)`);
    expect(work.git('rev-parse', 'HEAD')).toBe(head);
    expect(work.git('status', '--porcelain')).toBe('');
  });

  it('fails clearly when the registry is down', async () => {
    const files = baseFiles();
    const down = `127.0.0.1:${await freePort()}`;
    files['relman.toml'] = relmanToml().replace(`${host}/team/worker`, `${down}/team/worker`);
    const { work } = configRepo(files);
    const r = work.relman('gitops', 'update');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(`image policy flux-system:worker (relman.toml: gitops.policies[0] (worker)): registry ${down} is unreachable at http://${down}: ECONNREFUSED`);
    expect(r.stderr).toMatch(`relman: warning: registry ${down} ECONNREFUSED; retrying`);
    expect(work.git('status', '--porcelain')).toBe('');
  });

  it('refuses to commit over uncommitted changes', () => {
    const { work } = configRepo(baseFiles());
    work.write({ 'apps/worker.yml': 'edited\n' });
    const r = work.relman('gitops', 'update');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch('relman: error: the config repository has uncommitted changes (apps/worker.yml)');
  });

  it('changes only files under the ImageUpdateAutomation path, or --path', () => {
    const files = baseFiles();
    files['flux/automation.yaml'] = `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageUpdateAutomation
metadata:
  name: apps
spec:
  update:
    strategy: Setters
    path: ./apps/uat
`;
    const { work } = configRepo(files);
    const auto = JSON.parse(work.relman('gitops', 'update', '--dry-run', '--json').stdout);
    expect(auto.files.map((f: { path: string }) => f.path)).toEqual(['apps/uat/beta.yaml']);
    const flag = JSON.parse(work.relman('gitops', 'update', '--dry-run', '--json', '--path', 'apps/dev').stdout);
    expect(flag.files.map((f: { path: string }) => f.path)).toEqual(['apps/dev/kustomization.yaml']);
  });

  it('writes name:tag@digest and :digest markers when the policy reflects digests', async () => {
    const digest = await pushImage(reg, 'team/digested', '3.0.0');
    const files = {
      'flux.yaml': `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata: {name: d, namespace: ns}
spec: {image: ${host}/team/digested}
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata: {name: d, namespace: ns}
spec:
  imageRepositoryRef: {name: d}
  digestReflectionPolicy: Always
  policy: {semver: {range: '*'}}
`,
      'app.yaml': `image: x:1 # {"$imagepolicy": "ns:d"}\ndigest: 'sha256:0' # {"$imagepolicy": "ns:d:digest"}\n`,
    };
    const { work } = configRepo(files);
    expect(work.relman('gitops', 'update').code).toBe(0);
    expect(work.read('app.yaml')).toBe(`image: ${host}/team/digested:3.0.0@${digest} # {"$imagepolicy": "ns:d"}\ndigest: '${digest}' # {"$imagepolicy": "ns:d:digest"}\n`);
  });
});

describe('relman gitops status', () => {
  // Other tests push newer tags of team/app, so the latest is 1.1.0 or 2.0.0 here.
  it('lists every marker with its current value and the policy’s choice', () => {
    const { work } = configRepo(baseFiles());
    const r = work.relman('gitops', 'status', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).markers;
    expect(rows).toContainEqual({ path: 'apps/prod/acme.yaml', line: 11, setter: 'flux-system:app-prod', policy: 'flux-system:app-prod', field: 'image', current: `${host}/team/app:1.0.0`, latest: expect.stringMatching(`^${host}/team/app:[12]\\.[01]\\.0$`), upToDate: false, error: null });
    expect(rows).toContainEqual(expect.objectContaining({ path: 'apps/other.yaml', policy: null, latest: null, error: 'no image policy flux-system:nobody' }));
    const text = work.relman('gitops', 'status');
    expect(text.stdout, text.stderr).toMatch(/^file\s+policy\s+current\s+latest\s+state$/m);
    expect(text.stdout).toMatch(/apps\/uat\/beta\.yaml:5\s+flux-system:app-uat:tag\s+1\.0\.0\s+\S+\s+outdated/);
  });
});
