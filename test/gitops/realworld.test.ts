/**
 * Config repositories shaped like real Flux repositories, run through the CLI against a real registry.
 * Each fixture replicates what public Flux config repositories hold: `flux create … --export` output
 * (v1beta1 objects, `interval: 1m0s`), several clusters declaring the same objects, HelmRelease values
 * and kustomize `images:` markers, Windows line endings, and the seed's `main-<sha>-<unix time>` tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configRepo } from '../helpers/gitopsRepo.js';
import { pushImage, startRegistry, type TestRegistry } from '../helpers/registry.js';

let reg: TestRegistry;
let host: string;
const SIG = `sha256-${'5'.repeat(64)}.sig`;
beforeAll(async () => {
  reg = await startRegistry();
  host = reg.host;
  // The seed's CI: finals, a candidate, main builds (the newest has neither the largest sha nor the
  // largest tag), a hotfix-branch build, a cosign signature and a moving tag.
  const backend = ['v1.42.1', 'v1.42.2', 'v2.0.0-rc.1', 'main-ffffff0-1699999999', 'main-3f2a9c1-1700000000', 'main-0a1b2c3-1700000500', 'release-v1.42.2-9c8b7a6-1700001000', SIG, 'latest'];
  for (const tag of backend) await pushImage(reg, 'deepdesk/backend', tag);
  for (const tag of ['5.0.0', '5.0.3', '5.1.0', '6.0.0']) await pushImage(reg, 'stefanprodan/podinfo', tag);
  for (const tag of ['0.1.0', '0.1.4', '0.2.0']) await pushImage(reg, 'example/tileserver', tag);
});
afterAll(() => reg.stop());

/** What `flux create image repository|policy|update --export` wrote before Flux 2.0: v1beta1. */
const podinfoGuide = () => ({
  'clusters/my-cluster/flux-system/gotk-sync.yaml': `---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  url: ssh://git@github.com/example/fleet-infra
`,
  'clusters/my-cluster/podinfo-registry.yaml': fluxObject('v1beta1', 'ImageRepository', 'podinfo', `  image: ${host}/stefanprodan/podinfo
  interval: 1m0s
`),
  'clusters/my-cluster/podinfo-policy.yaml': fluxObject('v1beta1', 'ImagePolicy', 'podinfo', `  imageRepositoryRef:
    name: podinfo
  policy:
    semver:
      range: 5.0.x
`),
  'clusters/my-cluster/flux-system-automation.yaml': automation('./clusters/my-cluster'),
  'clusters/my-cluster/podinfo-deployment.yaml': podinfoDeployment(`${host}/stefanprodan/podinfo:5.0.0`),
  // Outside the automation's path: Flux never touches it, and neither may relman.
  'apps/podinfo-copy.yaml': podinfoDeployment(`${host}/stefanprodan/podinfo:5.0.0`),
});

function podinfoDeployment(image: string): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  namespace: default
spec:
  selector:
    matchLabels:
      app: podinfo
  template:
    metadata:
      labels:
        app: podinfo
    spec:
      containers:
      - name: podinfod
        image: ${image} # {"$imagepolicy": "flux-system:podinfo"}
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 9898
          name: http
          protocol: TCP
`;
}

describe('a repository from the Flux image-update guide (v1beta1 objects)', () => {
  it('reads v1beta1 objects and updates only under the automation path', () => {
    const { work } = configRepo(podinfoGuide());
    const r = work.relman('gitops', 'update');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(work.read('clusters/my-cluster/podinfo-deployment.yaml')).toBe(podinfoDeployment(`${host}/stefanprodan/podinfo:5.0.3`));
    expect(work.read('apps/podinfo-copy.yaml')).toBe(podinfoDeployment(`${host}/stefanprodan/podinfo:5.0.0`));
    expect(work.git('log', '-1', '--format=%s')).toBe(`chore(gitops): deploy ${host}/stefanprodan/podinfo:5.0.3 (flux-system:podinfo)`);
  });
});

/** A Flux image object as `flux create … --export` writes it (`spec` indented by two spaces). */
function fluxObject(version: string, kind: string, name: string, spec: string): string {
  return `---
apiVersion: image.toolkit.fluxcd.io/${version}
kind: ${kind}
metadata:
  name: ${name}
  namespace: flux-system
spec:
${spec}`;
}

/** An ImageUpdateAutomation as `flux create image update --export` wrote it before Flux 2.0. */
function automation(path: string, suspend = false): string {
  return fluxObject('v1beta1', 'ImageUpdateAutomation', 'flux-system', `  git:
    checkout:
      ref:
        branch: main
    commit:
      author:
        email: fluxcdbot@users.noreply.github.com
        name: fluxcdbot
      messageTemplate: '{{range .Updated.Images}}{{println .}}{{end}}'
    push:
      branch: main
  interval: 1m0s
  sourceRef:
    kind: GitRepository
    name: flux-system
  update:
    path: ${path}
    strategy: Setters
${suspend ? '  suspend: true\n' : ''}`);
}

/** One cluster's image automation, as fleet repositories keep one per cluster folder. */
function clusterAutomation(cluster: string, range: string, preRange: string, suspend = false): string {
  const semver = (constraint: string) => `  policy:
    semver:
      range: '${constraint}'
`;
  return [
    `${automation(`./apps/${cluster}`, suspend)}# Tileserver\n`,
    fluxObject('v1beta2', 'ImageRepository', 'tileserver', `  image: ${host}/example/tileserver\n  interval: 5m\n`),
    fluxObject('v1beta2', 'ImagePolicy', 'tileserver', `  imageRepositoryRef:\n    name: tileserver\n${semver(range)}`),
    fluxObject('v1beta2', 'ImagePolicy', 'podinfo', `  imageRepositoryRef:\n    name: podinfo\n    namespace: flux-system\n${semver(preRange)}`),
    fluxObject('v1beta2', 'ImageRepository', 'podinfo', `  image: ${host}/stefanprodan/podinfo
  interval: 5m
  provider: generic
  exclusionList:
    - "^.*\\\\.sig$"
`),
  ].join('');
}

const tileserverKustomization = (tag: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base/tileserver
images:
  - name: tileserver
    newName: ${host}/example/tileserver # {"$imagepolicy": "flux-system:tileserver:name"}
    newTag: ${tag} # {"$imagepolicy": "flux-system:tileserver:tag"}
`;

const podinfoRelease = (tag: string) => `apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata:
  name: podinfo
  namespace: podinfo
spec:
  releaseName: podinfo
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
        namespace: flux-system
      version: "6.4.0"
  interval: 10m
  values:
    image:
      repository: ${host}/stefanprodan/podinfo
      tag: ${tag} # {"$imagepolicy": "flux-system:podinfo:tag"}
    replicaCount: 1
`;

describe('a fleet repository with one automation per cluster', () => {
  const fleet = (prod: [string, string], staging: [string, string]) => ({
    'clusters/prod/image-automation.yaml': clusterAutomation('prod', ...prod),
    'clusters/staging/image-automation.yaml': clusterAutomation('staging', ...staging),
    'apps/prod/tileserver/kustomization.yaml': tileserverKustomization('0.1.0'),
    'apps/staging/tileserver/kustomization.yaml': tileserverKustomization('0.1.0'),
    'apps/prod/podinfo/release.yaml': podinfoRelease('5.0.0'),
    'apps/staging/podinfo/release.yaml': podinfoRelease('5.0.0'),
  });

  it('accepts the same objects declared in every cluster folder', () => {
    const { work } = configRepo(fleet(['0.1.x', '5.0.x'], ['0.1.x', '5.0.x']));
    const r = work.relman('gitops', 'update');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const cluster of ['prod', 'staging']) {
      expect(work.read(`apps/${cluster}/tileserver/kustomization.yaml`)).toBe(tileserverKustomization('0.1.4'));
      expect(work.read(`apps/${cluster}/podinfo/release.yaml`)).toBe(podinfoRelease('5.0.3'));
    }
  });

  it('gives each cluster’s markers the policy its own cluster declares under the same name', () => {
    const { work } = configRepo(fleet(['0.1.x', '5.0.x'], ['>=0.1.0', '>=5.0.0']));
    const r = work.relman('gitops', 'update', '--dry-run', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const changes = JSON.parse(r.stdout).files.map((f: { path: string; changes: { new: string }[] }) => [f.path, f.changes.map((c) => c.new)]);
    expect(changes).toEqual([
      ['apps/prod/podinfo/release.yaml', ['5.0.3']],
      ['apps/prod/tileserver/kustomization.yaml', ['0.1.4']],
      ['apps/staging/podinfo/release.yaml', ['6.0.0']],
      ['apps/staging/tileserver/kustomization.yaml', ['0.2.0']],
    ]);
    const status = JSON.parse(work.relman('gitops', 'status', '--json').stdout).markers;
    expect(status.find((m: { path: string }) => m.path === 'apps/staging/podinfo/release.yaml')).toMatchObject({ latest: '6.0.0', error: null });
  });

  it('leaves the files of a suspended automation alone, as Flux does', () => {
    const files = fleet(['0.1.x', '5.0.x'], ['0.1.x', '5.0.x']);
    files['clusters/prod/image-automation.yaml'] = clusterAutomation('prod', '0.1.x', '5.0.x', true);
    const { work } = configRepo(files);
    const r = work.relman('gitops', 'update');
    expect(r.stderr).toBe('relman: warning: clusters/prod/image-automation.yaml:2: ImageUpdateAutomation flux-system is suspended: relman, like Flux, changes nothing under apps/prod for it\n');
    expect(work.read('apps/prod/podinfo/release.yaml')).toBe(podinfoRelease('5.0.0'));
    expect(work.read('apps/staging/podinfo/release.yaml')).toBe(podinfoRelease('5.0.3'));
  });

  it("applies only the policies an automation's policySelector chooses, as Flux does", () => {
    const files = fleet(['0.1.x', '5.0.x'], ['0.1.x', '5.0.x']);
    // prod's automation applies the policies labelled rollout: auto, and only prod's tileserver policy is.
    files['clusters/prod/image-automation.yaml'] = (files['clusters/prod/image-automation.yaml'] as string)
      .replace('  update:\n    path: ./apps/prod', '  policySelector:\n    matchLabels:\n      rollout: auto\n  update:\n    path: ./apps/prod')
      .replace('kind: ImagePolicy\nmetadata:\n  name: tileserver\n', 'kind: ImagePolicy\nmetadata:\n  name: tileserver\n  labels:\n    rollout: auto\n');
    const { work } = configRepo(files);
    const r = work.relman('gitops', 'update', '--dry-run', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const changed = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
    expect(changed).toEqual(['apps/prod/tileserver/kustomization.yaml', 'apps/staging/podinfo/release.yaml', 'apps/staging/tileserver/kustomization.yaml']);
    // --path sets every marker under it, whatever the automations say.
    const all = work.relman('gitops', 'update', '--dry-run', '--json', '--path', 'apps/prod');
    expect(JSON.parse(all.stdout).files.map((f: { path: string }) => f.path)).toEqual(['apps/prod/podinfo/release.yaml', 'apps/prod/tileserver/kustomization.yaml']);
  });

  it('refuses an automation whose policySelector Flux would refuse, naming it', () => {
    const files = fleet(['0.1.x', '5.0.x'], ['0.1.x', '5.0.x']);
    files['clusters/prod/image-automation.yaml'] = (files['clusters/prod/image-automation.yaml'] as string).replace('  update:\n    path: ./apps/prod', '  policySelector:\n    matchExpressions:\n      - key: rollout\n        operator: In\n  update:\n    path: ./apps/prod');
    const { work } = configRepo(files);
    const r = work.relman('gitops', 'update');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch('relman: error: clusters/prod/image-automation.yaml:2: ImageUpdateAutomation flux-system: policySelector.matchExpressions[0]: In needs values');
    expect(work.read('apps/prod/podinfo/release.yaml')).toBe(podinfoRelease('5.0.0'));
  });

  it('rolls back one cluster’s policy, chosen by --path', () => {
    const { work } = configRepo(fleet(['0.1.x', '5.0.x'], ['>=0.1.0', '>=5.0.0']));
    expect(work.relman('gitops', 'update').code).toBe(0);
    const ambiguous = work.relman('gitops', 'rollback', 'podinfo');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch('relman: error: several image policies are named podinfo: flux-system:podinfo (clusters/prod/image-automation.yaml:49), flux-system:podinfo (clusters/staging/image-automation.yaml:49)');
    const r = work.relman('gitops', 'rollback', 'podinfo', '--path', 'apps/staging', '--reason', 'crashes on start');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(`withdrew ${host}/stefanprodan/podinfo:6.0.0 (crashes on start); flux-system:podinfo goes back to 5.1.0`);
    expect(work.read('apps/staging/podinfo/release.yaml')).toBe(podinfoRelease('5.1.0'));
    expect(work.read('apps/prod/podinfo/release.yaml')).toBe(podinfoRelease('5.0.3'));
  });
});

describe('policies declared differently in several places', () => {
  const policy = (range: string) => `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata:
  name: podinfo
spec:
  imageRepositoryRef:
    name: podinfo
  policy:
    semver:
      range: '${range}'
`;
  const repository = () => `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  image: ${host}/stefanprodan/podinfo
`;

  it('refuses to guess between declarations equally near a marker, naming both', () => {
    const { work } = configRepo({
      'flux/image-repository.yaml': repository(),
      'clusters/a/policy.yaml': policy('5.0.x'),
      'clusters/b/policy.yaml': policy('>=6.0.0'),
      'apps/release.yaml': podinfoRelease('5.0.0'),
    });
    const why = 'image policy flux-system:podinfo is declared differently at clusters/a/policy.yaml:1 and clusters/b/policy.yaml:1, and none is nearer to apps/release.yaml';
    const r = work.relman('gitops', 'update');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`relman: warning: apps/release.yaml:20: marker flux-system:podinfo:tag is ambiguous: ${why} (skipped)\n`);
    expect(r.stdout).toMatch('nothing to change');
    expect(JSON.parse(work.relman('gitops', 'status', '--json').stdout).markers[0]).toMatchObject({ policy: null, error: why });
    // A policy without namespace finds its ImageRepository whatever namespace that declares.
    const near = configRepo({ 'flux/image-repository.yaml': repository(), 'apps/policy.yaml': policy('5.0.x'), 'clusters/b/policy.yaml': policy('>=6.0.0'), 'apps/release.yaml': podinfoRelease('5.0.0') }).work;
    expect(near.relman('gitops', 'update').stderr).toBe('');
    expect(near.read('apps/release.yaml')).toBe(podinfoRelease('5.0.3'));
  });
});

/**
 * The seed's config repository (deepdesk-config): GCR images tagged `main-<sha>-<unix time>` by CI,
 * releases with candidates for UAT accounts, HelmRelease values per account, a staging overlay with a
 * kustomize `images:` block; some files edited on Windows.
 */
describe('the seed’s config repository', () => {
  const objects = () =>
    [
      fluxObject('v1beta1', 'ImageRepository', 'backend', `  image: ${host}/deepdesk/backend\n  interval: 1m0s\n  secretRef:\n    name: gcr-credentials\n`),
      // The format Flux's guide proposes for branch builds, as the seed uses it.
      fluxObject('v1beta1', 'ImagePolicy', 'backend-staging', `  imageRepositoryRef:
    name: backend
  filterTags:
    pattern: '^main-[a-fA-F0-9]+-(?P<ts>.*)'
    extract: '$ts'
  policy:
    numerical:
      order: asc
`),
      fluxObject('v1beta2', 'ImagePolicy', 'backend-uat', `  imageRepositoryRef:\n    name: backend\n  policy:\n    semver:\n      range: ">=1.0.0-0"\n`),
      // As `kubectl get -o json` prints it: JSON is YAML too.
      `---\n${JSON.stringify({ apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImagePolicy', metadata: { name: 'backend-production', namespace: 'flux-system' }, spec: { imageRepositoryRef: { name: 'backend' }, policy: { semver: { range: '>=1.0.0' } } } }, null, 2)}\n`,
    ].join('');

  // Saved on Windows: CRLF line endings, and a tab in a quoted string.
  const acme = (repository: string, tag: string) =>
    [
      '# acme is_uat: candidates reach it first',
      'backend:',
      '  image:',
      `    repository: ${repository} # {"$imagepolicy": "flux-system:backend-uat:name"}`,
      `    tag: "${tag}"\t# {"$imagepolicy": "flux-system:backend-uat:tag"}`,
      '  env:',
      '    GREETING: "hello\tworld"',
      '',
    ].join('\r\n');

  const globex = (tag: string, pinned: string) => `---
# globex: production
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata:
  name: globex
  namespace: globex
spec:
  values:
    backend:
      image:
        repository: &backend ${host}/deepdesk/backend
        tag: '${tag}' # {"$imagepolicy": "flux-system:backend-production:tag"}
    migrations:
      image:
        repository: *backend
        tag: ${pinned} # {"$imagepolicy": "flux-system:backend-production:tag"} # pinned until the migration ships
    args: [--workers, "4"]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: globex-flags, namespace: globex}
data: {"features.json": "{\\"beta\\": false}"}
`;

  const staging = (image: string, tag: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: staging
resources:
- ../../base/backend
images:
- name: backend
  newName: ${image} # {"$imagepolicy": "flux-system:backend-staging:name"}
  newTag: ${tag} # {"$imagepolicy": "flux-system:backend-staging:tag"}
`;

  const files = () => ({
    'flux-system/image-automation.yaml': `${objects()}${automation('./')}`,
    'accounts/acme/values.yaml': acme('gcr.io/deepdesk/backend', 'v1.42.1'),
    'accounts/globex/release.yaml': globex('v1.42.1', 'v1.42.1'),
    'environments/staging/backend/overlay/kustomization.yaml': staging('backend', 'main-ffffff0-1699999999'),
  });

  it('updates each value in its own style, byte for byte, and says which marker Flux would not read', () => {
    const { remote, work } = configRepo(files());
    const r = work.relman('gitops', 'update', '--push');
    expect(r.stderr).toBe('relman: warning: accounts/globex/release.yaml:17: the comment # {"$imagepolicy": "flux-system:backend-production:tag"} # pinned until the migration ships is not a marker: Flux reads one only when the whole comment is {"$imagepolicy": "…"} (skipped)\n');
    expect(r.code).toBe(0);
    expect(work.read('accounts/acme/values.yaml')).toBe(acme(`${host}/deepdesk/backend`, 'v2.0.0-rc.1'));
    expect(work.read('accounts/globex/release.yaml')).toBe(globex('v1.42.2', 'v1.42.1'));
    // The newest build by its time, not the largest sha, and never the hotfix branch's build.
    expect(work.read('environments/staging/backend/overlay/kustomization.yaml')).toBe(staging(`${host}/deepdesk/backend`, 'main-0a1b2c3-1700000500'));
    expect(remote.git('log', '-1', '--format=%B', 'main')).toBe(`chore(gitops): update images of 3 image policies

- accounts/acme/values.yaml:4 flux-system:backend-uat:name: gcr.io/deepdesk/backend → ${host}/deepdesk/backend
- accounts/acme/values.yaml:5 flux-system:backend-uat:tag: v1.42.1 → v2.0.0-rc.1
- accounts/globex/release.yaml:13 flux-system:backend-production:tag: v1.42.1 → v1.42.2
- environments/staging/backend/overlay/kustomization.yaml:8 flux-system:backend-staging:name: backend → ${host}/deepdesk/backend
- environments/staging/backend/overlay/kustomization.yaml:9 flux-system:backend-staging:tag: main-ffffff0-1699999999 → main-0a1b2c3-1700000500`);
  });

  it('shows what runs where', () => {
    const { work } = configRepo(files());
    const r = work.relman('gitops', 'status', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).markers.map((m: { path: string; line: number; current: string; latest: string }) => `${m.path}:${m.line} ${m.current} ${m.latest}`);
    expect(rows).toEqual([
      'accounts/acme/values.yaml:4 gcr.io/deepdesk/backend ' + `${host}/deepdesk/backend`,
      'accounts/acme/values.yaml:5 v1.42.1 v2.0.0-rc.1',
      'accounts/globex/release.yaml:13 v1.42.1 v1.42.2',
      `environments/staging/backend/overlay/kustomization.yaml:8 backend ${host}/deepdesk/backend`,
      'environments/staging/backend/overlay/kustomization.yaml:9 main-ffffff0-1699999999 main-0a1b2c3-1700000500',
    ]);
  });
});

describe('signatures', () => {
  it('never chooses a cosign signature tag unless the ImageRepository’s own exclusionList lets it', () => {
    const files = (exclusions: string) => ({
      'flux.yaml': [
        fluxObject('v1beta2', 'ImageRepository', 'backend', `  image: ${host}/deepdesk/backend\n${exclusions}`),
        fluxObject('v1beta2', 'ImagePolicy', 'branches', `  imageRepositoryRef:\n    name: backend\n  filterTags:\n    pattern: '^[a-s]'\n  policy:\n    alphabetical: {}\n`),
      ].join(''),
      'values.yaml': 'tag: none # {"$imagepolicy": "flux-system:branches:tag"}\n',
    });
    const latest = (exclusions: string) => JSON.parse(configRepo(files(exclusions)).work.relman('gitops', 'status', '--json').stdout).markers[0].latest;
    expect(latest('')).toBe('release-v1.42.2-9c8b7a6-1700001000');
    // An exclusionList of its own replaces Flux's default.
    expect(latest('  exclusionList: ["^latest$"]\n')).toBe(SIG);
  });
});

describe('namespaces', () => {
  it('follows imageRepositoryRef.namespace across namespaces, and nowhere else', () => {
    const repository = `apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImageRepository\nmetadata: {name: podinfo, namespace: flux-system}\nspec: {image: ${host}/stefanprodan/podinfo}\n`;
    const policy = (name: string, ref: string) => `apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImagePolicy\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  imageRepositoryRef: ${ref}\n  policy: {semver: {range: 5.x}}\n`;
    const deploy = (image: string) => `image: ${image} # {"$imagepolicy": "apps:podinfo"}\ntag: 5.0.0 # {"$imagepolicy": "apps:same-namespace:tag"}\n`;
    const { work } = configRepo({
      'infra/podinfo.yaml': repository,
      'apps/podinfo.yaml': `${policy('podinfo', '{name: podinfo, namespace: flux-system}')}---\n${policy('same-namespace', '{name: podinfo}')}`,
      'apps/deploy.yaml': deploy(`${host}/stefanprodan/podinfo:5.0.0`),
    });
    const r = work.relman('gitops', 'update');
    expect(r.stderr).toBe(
      'relman: warning: apps/podinfo.yaml:8: ImagePolicy same-namespace skipped: its ImageRepository apps/podinfo is not in the repository\n' +
        'relman: warning: apps/deploy.yaml:2: marker apps:same-namespace:tag names no known image policy (skipped)\n',
    );
    expect(work.read('apps/deploy.yaml')).toBe(deploy(`${host}/stefanprodan/podinfo:5.1.0`));
  });
});

describe('post-build substitutions', () => {
  it('skips, naming the variable, a policy whose range, pattern or image Flux fills in from a Kustomization, and updates the rest', () => {
    const policy = (name: string, repo: string, rule: string) => fluxObject('v1beta2', 'ImagePolicy', name, `  imageRepositoryRef:\n    name: ${repo}\n${rule}`);
    const { work } = configRepo({
      'flux.yaml': [
        fluxObject('v1beta2', 'ImageRepository', 'podinfo', `  image: ${host}/stefanprodan/podinfo\n`),
        fluxObject('v1beta2', 'ImageRepository', 'tileserver', '  image: ${registry}/example/tileserver\n'),
        policy('podinfo', 'podinfo', '  policy:\n    semver:\n      range: 5.x\n'),
        policy('podinfo-cluster', 'podinfo', '  policy:\n    semver:\n      range: ${podinfo_range:=5.0.x}\n'),
        policy('podinfo-main', 'podinfo', '  filterTags:\n    pattern: ^${branch}-\n  policy:\n    alphabetical: {}\n'),
        policy('tileserver', 'tileserver', '  policy:\n    semver:\n      range: 0.1.x\n'),
        // Escaped, Flux writes `${literal}` as text; and in `extract`, `${ts}` is the group it expands.
        policy('escaped', 'podinfo', '  filterTags:\n    pattern: ^$${literal}$\n  policy:\n    alphabetical: {}\n'),
        policy('podinfo-extract', 'podinfo', "  filterTags:\n    pattern: '^(?P<major>[0-9]+)\\.'\n    extract: '${major}'\n  policy:\n    numerical: {}\n"),
      ].join(''),
      'values.yaml': ['podinfo', 'podinfo-cluster', 'podinfo-main', 'tileserver', 'podinfo-extract'].map((p) => `${p}: 5.0.0 # {"$imagepolicy": "flux-system:${p}:tag"}\n`).join(''),
    });
    const dry = work.relman('gitops', 'update', '--dry-run');
    expect(dry.stderr.split('\n').filter((l) => l.includes('skipped: '))).toEqual([
      "relman: warning: flux.yaml:30: ImagePolicy podinfo-cluster skipped: spec.policy.semver.range holds ${podinfo_range}, a variable Flux substitutes after build; relman reads the file as written",
      "relman: warning: flux.yaml:42: ImagePolicy podinfo-main skipped: spec.filterTags.pattern holds ${branch}, a variable Flux substitutes after build; relman reads the file as written",
      "relman: warning: flux.yaml:55: ImagePolicy tileserver skipped: the ImageRepository's spec.image (flux.yaml:10) holds ${registry}, a variable Flux substitutes after build; relman reads the file as written",
    ]);
    const r = work.relman('gitops', 'update');
    expect(r.code).toBe(0);
    expect(work.read('values.yaml')).toBe(
      'podinfo: 5.1.0 # {"$imagepolicy": "flux-system:podinfo:tag"}\n' +
        ['podinfo-cluster', 'podinfo-main', 'tileserver'].map((p) => `${p}: 5.0.0 # {"$imagepolicy": "flux-system:${p}:tag"}\n`).join('') +
        'podinfo-extract: 6.0.0 # {"$imagepolicy": "flux-system:podinfo-extract:tag"}\n',
    );
  });
});

describe('a config repository that also holds a Helm chart', () => {
  it('does not read the chart’s templates as Flux objects', () => {
    const { work } = configRepo({
      ...podinfoGuide(),
      'charts/podinfo/Chart.yaml': 'apiVersion: v2\nname: podinfo\nversion: 6.4.0\n',
      'charts/podinfo/templates/imagepolicy.yaml': `{{- if .Values.imageAutomation.enabled }}
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata:
  name: {{ include "podinfo.fullname" . }}
spec:
  imageRepositoryRef:
    name: {{ include "podinfo.fullname" . }}
  policy:
    semver:
      range: {{ .Values.imageAutomation.range | quote }}
{{- end }}
`,
    });
    const r = work.relman('gitops', 'update');
    expect(r.stderr).toBe('');
    expect(work.read('clusters/my-cluster/podinfo-deployment.yaml')).toBe(podinfoDeployment(`${host}/stefanprodan/podinfo:5.0.3`));
  });
});
