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
  'clusters/my-cluster/podinfo-registry.yaml': `---
apiVersion: image.toolkit.fluxcd.io/v1beta1
kind: ImageRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  image: ${host}/stefanprodan/podinfo
  interval: 1m0s
`,
  'clusters/my-cluster/podinfo-policy.yaml': `---
apiVersion: image.toolkit.fluxcd.io/v1beta1
kind: ImagePolicy
metadata:
  name: podinfo
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: podinfo
  policy:
    semver:
      range: 5.0.x
`,
  'clusters/my-cluster/flux-system-automation.yaml': `---
apiVersion: image.toolkit.fluxcd.io/v1beta1
kind: ImageUpdateAutomation
metadata:
  name: flux-system
  namespace: flux-system
spec:
  git:
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
    path: ./clusters/my-cluster
    strategy: Setters
`,
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
