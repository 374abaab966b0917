/**
 * Image references and credentials as they come from the cloud registries config repositories use:
 * GCR and Artifact Registry (gcloud helper), ECR (ecr-login helper), Docker Hub (Docker Desktop's
 * credsStore), GHCR (`docker login`), ACR (`az acr login`'s identity token). Credential helpers are
 * small local scripts on PATH that answer as the real ones do; the registries are real (htpasswd and
 * token auth) wherever a request is made.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerCredentials } from '../../src/gitops/credentials.js';
import { parseImageReference } from '../../src/gitops/imageRef.js';
import { RegistryClient } from '../../src/gitops/registry.js';
import { configRepo, relmanAsyncWith } from '../helpers/gitopsRepo.js';
import { PASSWORD, pushImage, REFRESH_TOKEN, startRegistry, USER, type TestRegistry } from '../helpers/registry.js';
import { runRelman } from '../helpers/repo.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references of each registry', () => {
  it.each([
    ['gcr.io/my-project/backend', 'gcr.io', 'my-project/backend', undefined, 'https://gcr.io'],
    ['europe-docker.pkg.dev/my-project/images/backend:v1.42.1', 'europe-docker.pkg.dev', 'my-project/images/backend', 'v1.42.1', 'https://europe-docker.pkg.dev'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend:main-3f2a9c1-1700000000', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'backend', 'main-3f2a9c1-1700000000', 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['public.ecr.aws/nginx/nginx:1.25', 'public.ecr.aws', 'nginx/nginx', '1.25', 'https://public.ecr.aws'],
    ['ghcr.io/stefanprodan/podinfo:6.4.0', 'ghcr.io', 'stefanprodan/podinfo', '6.4.0', 'https://ghcr.io'],
    ['myregistry.azurecr.io/team/app', 'myregistry.azurecr.io', 'team/app', undefined, 'https://myregistry.azurecr.io'],
    ['registry.gitlab.com/group/sub/app:1.0', 'registry.gitlab.com', 'group/sub/app', '1.0', 'https://registry.gitlab.com'],
    ['docker.io/library/nginx', 'docker.io', 'library/nginx', undefined, 'https://registry-1.docker.io'],
    ['index.docker.io/library/nginx:1.25', 'docker.io', 'library/nginx', '1.25', 'https://registry-1.docker.io'],
    ['nginx', 'docker.io', 'library/nginx', undefined, 'https://registry-1.docker.io'],
    ['stefanprodan/podinfo:6.4.0', 'docker.io', 'stefanprodan/podinfo', '6.4.0', 'https://registry-1.docker.io'],
    ['localhost:5000/img', 'localhost:5000', 'img', undefined, 'http://localhost:5000'],
    ['localhost/img:1', 'localhost', 'img', '1', 'http://localhost'],
    ['127.0.0.1:5000/team/img:1', '127.0.0.1:5000', 'team/img', '1', 'http://127.0.0.1:5000'],
    [`registry.example.com:5443/team/app:1.0@${DIGEST}`, 'registry.example.com:5443', 'team/app', '1.0', 'https://registry.example.com:5443'],
  ])('%s', (text, registry, repository, tag, base) => {
    const ref = parseImageReference(text);
    expect(ref).toEqual({ registry, repository, tag, digest: text.includes('@') ? DIGEST : undefined });
    expect(new RegistryClient(ref.registry).base).toBe(base);
  });
});

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * A Docker config folder with credential helpers on a PATH of their own. Each helper answers `get`
 * as the real one does: the server it was asked about as the secret (so the test sees what docker
 * would pass), or exit status 1 and "credentials not found" for a server it does not know.
 */
async function dockerConfig(config: object, helpers: Record<string, { knows: string[]; username: string; secret?: string; fails?: string }>): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relman-docker-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
  for (const [name, h] of Object.entries(helpers)) {
    const file = path.join(dir, `docker-credential-${name}`);
    const cases = h.knows.map((server) => `  "${server}") ;;`).join('\n');
    await writeFile(
      file,
      `#!/bin/sh
[ "$1" = get ] || exit 2
${h.fails ? `echo "${h.fails}" >&2; exit 1` : ''}
read -r server
case "$server" in
${cases}
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\\n' "$server" '${h.username}' "${h.secret ?? '$server'}"
`,
    );
    await chmod(file, 0o755);
  }
  return { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH}` };
}

describe('credentials looked up as docker does for each registry', () => {
  // What `gcloud auth configure-docker`, the ECR helper's setup, Docker Desktop, `docker login ghcr.io`
  // and `az acr login` leave in one developer's config.
  const config = {
    auths: {
      'https://index.docker.io/v1/': {},
      'ghcr.io': { auth: Buffer.from('octocat:ghp_token').toString('base64') },
      'myregistry.azurecr.io': { auth: Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64'), identitytoken: 'acr-refresh-token' },
    },
    credHelpers: {
      'gcr.io': 'gcloud',
      'eu.gcr.io': 'gcloud',
      'europe-docker.pkg.dev': 'gcloud',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login',
    },
    credsStore: 'desktop',
  };
  const helpers = {
    gcloud: { knows: ['gcr.io', 'eu.gcr.io', 'europe-docker.pkg.dev'], username: '_dcgcloud_token' },
    'ecr-login': { knows: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'], username: 'AWS' },
    desktop: { knows: ['https://index.docker.io/v1/'], username: 'hubuser' },
  };

  it.each([
    ['gcr.io/my-project/backend', { username: '_dcgcloud_token', password: 'gcr.io' }],
    ['eu.gcr.io/my-project/backend', { username: '_dcgcloud_token', password: 'eu.gcr.io' }],
    ['europe-docker.pkg.dev/my-project/images/backend', { username: '_dcgcloud_token', password: 'europe-docker.pkg.dev' }],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend', { username: 'AWS', password: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' }],
    ['nginx', { username: 'hubuser', password: 'https://index.docker.io/v1/' }],
    ['docker.io/stefanprodan/podinfo', { username: 'hubuser', password: 'https://index.docker.io/v1/' }],
    ['ghcr.io/stefanprodan/podinfo', { username: 'octocat', password: 'ghp_token' }],
    ['myregistry.azurecr.io/team/app', { identityToken: 'acr-refresh-token' }],
    ['quay.io/org/app', null],
  ])('%s', async (image, credentials) => {
    const env = await dockerConfig(config, helpers);
    expect(await dockerCredentials(parseImageReference(image).registry, env)).toEqual(credentials);
  });

  it('shows what a failing helper says', async () => {
    const said = 'ERROR: (gcloud.auth.docker-helper) You do not currently have an active account selected.';
    const env = await dockerConfig({ credHelpers: { 'gcr.io': 'gcloud' } }, { gcloud: { knows: [], username: '', fails: said } });
    await expect(dockerCredentials('gcr.io', env)).rejects.toThrow(`the credential helper docker-credential-gcloud failed for gcr.io (exit status 1): ${said}`);
  });

  it('names a credential helper that is not installed', async () => {
    const env = await dockerConfig({ credHelpers: { 'gcr.io': 'relman-absent' } }, {});
    await expect(dockerCredentials('gcr.io', env)).rejects.toThrow(/^cannot run the credential helper docker-credential-relman-absent: /);
  });
});

describe('relman gitops with credentials from a credential helper', () => {
  let basic: TestRegistry;
  let token: TestRegistry;
  beforeAll(async () => {
    [basic, token] = await Promise.all([startRegistry('htpasswd'), startRegistry('token')]);
    await Promise.all([pushImage(basic, 'team/app', '1.0.0'), pushImage(token, 'team/app', '1.0.0')]);
    await Promise.all([pushImage(basic, 'team/app', '1.1.0'), pushImage(token, 'team/app', '1.1.0')]);
  });
  afterAll(async () => {
    await Promise.all([basic.stop(), token.stop()]);
  });

  const files = (registry: string, provider = 'generic') => ({
    'flux/app.yaml': `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata: {name: app, namespace: flux-system}
spec: {image: ${registry}/team/app, provider: ${provider}, secretRef: {name: regcred}}
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImagePolicy
metadata: {name: app, namespace: flux-system}
spec:
  imageRepositoryRef: {name: app}
  policy: {semver: {range: '>=1.0.0'}}
`,
    'apps/app.yaml': `image: ${registry}/team/app:1.0.0 # {"$imagepolicy": "flux-system:app"}\n`,
  });

  it('answers Basic auth with the password a helper gives, and never prints it', async () => {
    const env = await dockerConfig({ credHelpers: { [basic.host]: 'relmantest' } }, { relmantest: { knows: [basic.host], username: USER, secret: PASSWORD } });
    const { work } = configRepo(files(basic.host));
    const r = runRelman(['gitops', 'update'], work.dir, { ...env, HOME: work.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(work.read('apps/app.yaml')).toBe(`image: ${basic.host}/team/app:1.1.0 # {"$imagepolicy": "flux-system:app"}\n`);
    expect(`${r.stdout}${work.git('log', '-1', '--format=%B')}`).not.toContain(PASSWORD);
  });

  it('exchanges the identity token a helper gives (Username <token>) at the token service', async () => {
    const env = await dockerConfig({ credsStore: 'relmantest' }, { relmantest: { knows: [token.host], username: '<token>', secret: REFRESH_TOKEN } });
    const { work } = configRepo(files(token.host));
    const r = await relmanAsyncWith(env, work, 'gitops', 'status', '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).markers[0]).toMatchObject({ latest: `${token.host}/team/app:1.1.0`, error: null });
  });

  it('reports a helper that knows no credentials for the registry as credentials missing', async () => {
    const env = await dockerConfig({ credsStore: 'relmantest' }, { relmantest: { knows: [], username: USER } });
    const { work } = configRepo(files(basic.host));
    const r = runRelman(['gitops', 'update'], work.dir, { ...env, HOME: work.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(`image policy flux-system:app (flux/app.yaml:6): registry ${basic.host} requires credentials for GET team/app (401`);
    expect(r.stderr).toMatch(`\nhint: log in (docker login ${basic.host}); relman reads ${env.DOCKER_CONFIG}/config.json\n`);
  });

  it.each([
    ['aws', `put "credHelpers": {"HOST": "ecr-login"} (amazon-ecr-credential-helper) in the Docker config, or run: aws ecr get-login-password | docker login --username AWS --password-stdin HOST`],
    ['gcp', 'run: gcloud auth configure-docker HOST'],
  ])('says how to log in where Flux uses the cluster’s identity (provider %s)', async (provider, login) => {
    const env = await dockerConfig({}, {});
    const { work } = configRepo(files(basic.host, provider));
    const r = runRelman(['gitops', 'update'], work.dir, { ...env, HOME: work.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(`\nhint: the ImageRepository logs in with provider ${provider} in the cluster; here, ${login.replaceAll('HOST', basic.host)}\n`);
  });
});
