import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerCredentials } from '../../src/gitops/credentials.js';
import { RegistryClient, type RegistryOptions } from '../../src/gitops/registry.js';
import { dockerConfigFor, freePort, PASSWORD, pushImage, REFRESH_TOKEN, startFlakyProxy, startRegistry, USER, type TestRegistry } from '../helpers/registry.js';

const fromConfig = (dir: string): RegistryOptions['credentials'] => (r) => dockerCredentials(r, { DOCKER_CONFIG: dir });
const fast = { retries: 2, backoffMs: 10 };
const dirs: string[] = [];
async function configDir(host: string, entry?: Record<string, string>) {
  const dir = await dockerConfigFor(host, entry);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('registry client, anonymous registry', () => {
  let reg: TestRegistry;
  const digests: Record<string, string> = {};
  beforeAll(async () => {
    reg = await startRegistry();
    for (const tag of ['1.0.0', '1.1.0', '2.0.0-rc.1', 'main-abc1234-1700000000', 'latest']) digests[tag] = await pushImage(reg, 'team/app', tag);
  });
  afterAll(() => reg.stop());

  it('lists every tag across pages', async () => {
    const client = new RegistryClient(reg.host, { ...fast, pageSize: 2, credentials: async () => null });
    expect((await client.listTags('team/app')).sort()).toEqual(Object.keys(digests).sort());
  });

  it('reads digests, and null for a tag that does not exist', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: async () => null });
    expect(await client.manifestDigest('team/app', '1.1.0')).toBe(digests['1.1.0']);
    expect(await client.manifestDigest('team/app', 'nope')).toBeNull();
  });

  it('copies a manifest under a new tag with the same digest', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: async () => null });
    const manifest = await client.getManifest('team/app', '1.0.0');
    expect(manifest.digest).toBe(digests['1.0.0']);
    expect(await client.putManifest('team/app', 'stable', manifest)).toBe(digests['1.0.0']);
    expect(await client.manifestDigest('team/app', 'stable')).toBe(digests['1.0.0']);
  });

  it('names the repository that does not exist', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: async () => null });
    expect((await failure(client.listTags('team/none'))).message).toMatch(`registry ${reg.host} has no repository team/none`);
  });

  it('retries 503 and 429 answers, then succeeds', async () => {
    for (const status of [503, 429]) {
      const proxy = await startFlakyProxy(reg.host, 2, status);
      const notes: string[] = [];
      const client = new RegistryClient(proxy.host, { ...fast, credentials: async () => null, log: (m) => notes.push(m) });
      expect(await client.listTags('team/app')).toContain('1.0.0');
      expect(notes).toHaveLength(2);
      expect(notes[0]).toMatch(`answered ${status}; retrying`);
      await proxy.close();
    }
  });

  it('gives up after its retries, naming the registry and status', async () => {
    const proxy = await startFlakyProxy(reg.host, 100, 502);
    const client = new RegistryClient(proxy.host, { ...fast, credentials: async () => null });
    expect((await failure(client.listTags('team/app'))).message).toBe(`registry ${proxy.host} answered 502 to GET team/app`);
    expect(proxy.seen).toBe(3);
    await proxy.close();
  });

  it('reports a registry that is down', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const client = new RegistryClient(host, { ...fast, credentials: async () => null });
    expect((await failure(client.listTags('team/app'))).message).toMatch(`registry ${host} is unreachable at http://${host}: ECONNREFUSED`);
  });
});

describe('registry client, htpasswd (Basic) auth', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry('htpasswd');
    await pushImage(reg, 'team/app', '1.0.0');
  });
  afterAll(() => reg.stop());

  it('reads credentials from the Docker config', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: fromConfig(await configDir(reg.host)) });
    expect(await client.listTags('team/app')).toEqual(['1.0.0']);
  });

  it('accepts username and password entries, and scheme-qualified keys', async () => {
    const dir = await configDir(`http://${reg.host}/v2/`, { username: USER, password: PASSWORD });
    const client = new RegistryClient(reg.host, { ...fast, credentials: fromConfig(dir) });
    expect(await client.listTags('team/app')).toEqual(['1.0.0']);
  });

  it('says when credentials are missing or refused, without printing them', async () => {
    const none = new RegistryClient(reg.host, { ...fast, credentials: async () => null });
    const missing = await failure(none.listTags('team/app'));
    expect(missing.message).toMatch(`registry ${reg.host} requires credentials for GET team/app (401`);
    expect((missing as { hint?: string }).hint).toMatch(`docker login ${reg.host}`);
    const wrong = new RegistryClient(reg.host, { ...fast, credentials: async () => ({ username: USER, password: 'wrong-password-xyz' }) });
    const refused = await failure(wrong.listTags('team/app'));
    expect(refused.message).toMatch(`registry ${reg.host} refused the credentials for GET team/app (401`);
    expect(`${refused.message} ${(refused as { hint?: string }).hint}`).not.toMatch(/wrong-password-xyz|s3cret/);
  });
});

describe('registry client, Bearer token auth', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry('token');
    await pushImage(reg, 'team/app', '1.0.0');
    await pushImage(reg, 'team/app', '1.1.0');
  });
  afterAll(() => reg.stop());

  it('answers the challenge with a token from the realm, reused for the same scope', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: fromConfig(await configDir(reg.host)) });
    const before = reg.tokenRequests;
    expect((await client.listTags('team/app')).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(await client.manifestDigest('team/app', '1.0.0')).toMatch(/^sha256:/);
    expect(reg.tokenRequests - before).toBe(1);
  });

  it('asks for a push token to copy a manifest', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: fromConfig(await configDir(reg.host)) });
    const manifest = await client.getManifest('team/app', '1.0.0');
    expect(await client.putManifest('team/app', 'promoted', manifest)).toBe(manifest.digest);
  });

  it('exchanges an identity token (refresh token) at the token service', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: fromConfig(await configDir(reg.host, { identitytoken: REFRESH_TOKEN })) });
    expect(await client.listTags('team/app')).toContain('1.1.0');
  });

  it('says when the token service wants credentials', async () => {
    const client = new RegistryClient(reg.host, { ...fast, credentials: async () => null });
    expect((await failure(client.listTags('team/app'))).message).toMatch(/token service http:\/\/127\.0\.0\.1:\d+ requires credentials \(401\); none found/);
  });
});

describe('Docker config credentials', () => {
  it('runs the credential helper named in credHelpers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'relman-helper-'));
    dirs.push(dir);
    const helper = path.join(dir, 'docker-credential-relmantest');
    await writeFile(helper, `#!/bin/sh\nread server\n[ "$server" = "gcr.example.com" ] || { echo "credentials not found in native keychain"; exit 1; }\necho '{"ServerURL":"gcr.example.com","Username":"oauth2accesstoken","Secret":"tok"}'\n`);
    await chmod(helper, 0o755);
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ credHelpers: { 'gcr.example.com': 'relmantest' }, credsStore: 'relmantest' }));
    const env = { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH}` };
    expect(await dockerCredentials('gcr.example.com', env)).toEqual({ username: 'oauth2accesstoken', password: 'tok' });
    expect(await dockerCredentials('other.example.com', env)).toBeNull();
  });

  it('maps Docker Hub to its index key', async () => {
    const dir = await configDir('https://index.docker.io/v1/');
    expect(await dockerCredentials('docker.io', { DOCKER_CONFIG: dir })).toEqual({ username: USER, password: PASSWORD });
  });
});
