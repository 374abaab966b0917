/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1, with
 * filesystem storage in a temporary folder; optionally behind htpasswd Basic auth, or behind token
 * auth answered by a small token service here that signs JWTs with a throwaway certificate. Images are
 * pushed through the registry API itself (blob uploads, manifest PUT). A missing binary fails the test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REGISTRY_BIN = '/usr/bin/docker-registry';
export const USER = 'relman';
export const PASSWORD = 's3cret-Passw0rd';

export interface TestRegistry {
  /** `127.0.0.1:PORT`, the registry part of image names. */
  host: string;
  /** Requests the token service answered, for assertions. */
  tokenRequests: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startRegistry(auth: 'none' | 'htpasswd' | 'token' = 'none'): Promise<TestRegistry> {
  if (!existsSync(REGISTRY_BIN)) throw new Error(`${REGISTRY_BIN} is missing: run .ci/install-gitops-deps.sh`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relman-registry-'));
  const port = await freePort();
  let token: TokenService | null = null;
  let authConfig = '';
  if (auth === 'htpasswd') {
    const line = execFileSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' }).trim();
    await writeFile(path.join(dir, 'htpasswd'), `${line}\n`);
    authConfig = `auth:\n  htpasswd:\n    realm: relman-test\n    path: ${path.join(dir, 'htpasswd')}\n`;
  } else if (auth === 'token') {
    token = await startTokenService(dir);
    authConfig = `auth:\n  token:\n    realm: http://127.0.0.1:${token.port}/token\n    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${path.join(dir, 'token.crt')}\n`;
  }
  const config = `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${path.join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
  secret: relman-test-secret
${authConfig}`;
  await writeFile(path.join(dir, 'config.yml'), config);
  const child = spawn(REGISTRY_BIN, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d));
  const host = `127.0.0.1:${port}`;
  await waitUntilUp(host, child, stderr);
  const registry: TestRegistry = {
    host,
    get tokenRequests() {
      return token?.requests ?? 0;
    },
    async stop() {
      child.kill();
      await token?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return registry;
}

async function waitUntilUp(host: string, child: ChildProcess, stderr: Buffer[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${Buffer.concat(stderr).toString()}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`docker-registry did not start on ${host}`);
}

const SERVICE = 'relman-test-registry';
const ISSUER = 'relman-test-token-issuer';
/** The refresh token the token service accepts in place of a password (docker's identitytoken). */
export const REFRESH_TOKEN = 'relman-refresh-token';

interface TokenService {
  port: number;
  requests: number;
  close(): Promise<void>;
}

/** Answers the distribution token flow: GET with Basic credentials, or POST with a refresh token. */
async function startTokenService(dir: string): Promise<TokenService> {
  const keyFile = path.join(dir, 'token.key');
  const certFile = path.join(dir, 'token.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=relman-test-token', '-addext', 'keyUsage=digitalSignature'], { stdio: 'ignore' });
  const key = createPrivateKey(await readFile(keyFile));
  const x5c = new X509Certificate(await readFile(certFile)).raw.toString('base64');
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const authorised =
        req.method === 'POST'
          ? form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === REFRESH_TOKEN
          : basic !== undefined && Buffer.from(basic, 'base64').toString() === `${USER}:${PASSWORD}`;
      if (!authorised) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      const scope = (req.method === 'POST' ? form.get('scope') : url.searchParams.get('scope')) ?? '';
      const access = scope
        .split(' ')
        .filter(Boolean)
        .map((s) => {
          const [type, name, actions] = s.split(':');
          return { type, name, actions: (actions ?? '').split(',') };
        });
      const now = Math.floor(Date.now() / 1000);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', x5c: [x5c] })}.${b64({ iss: ISSUER, sub: USER, aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access })}`;
      const jwt = `${unsigned}.${sign('sha256', Buffer.from(unsigned), key).toString('base64url')}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: jwt, access_token: jwt, expires_in: 300 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Headers that authorise a push in the test registry, obtained the plain way (not by relman's client). */
async function pushAuth(reg: TestRegistry, repository: string): Promise<Record<string, string>> {
  const ping = await fetch(`http://${reg.host}/v2/`);
  const challenge = ping.headers.get('www-authenticate') ?? '';
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  if (challenge.startsWith('Basic')) return { authorization: basic };
  if (!challenge.startsWith('Bearer')) return {};
  const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const url = `${realm}?service=${SERVICE}&scope=repository:${repository}:pull,push`;
  const body = (await (await fetch(url, { headers: { authorization: basic } })).json()) as { token: string };
  return { authorization: `Bearer ${body.token}` };
}

async function uploadBlob(reg: TestRegistry, repository: string, data: Buffer, auth: Record<string, string>): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const start = await fetch(`http://${reg.host}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: auth });
  if (start.status !== 202) throw new Error(`blob upload start: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', `http://${reg.host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) });
  if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${await put.text()}`);
  return digest;
}

/** Pushes a small, unique single-layer image as REPOSITORY:TAG; returns its manifest digest. */
export async function pushImage(reg: TestRegistry, repository: string, tag: string): Promise<string> {
  const auth = await pushAuth(reg, repository);
  const layer = Buffer.from(`layer of ${repository}:${tag} ${randomUUID()}`);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const [layerDigest, configDigest] = [await uploadBlob(reg, repository, layer, auth), await uploadBlob(reg, repository, config, auth)];
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
    }),
  );
  const res = await fetch(`http://${reg.host}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: new Uint8Array(manifest),
  });
  if (res.status !== 201) throw new Error(`manifest put: ${res.status} ${await res.text()}`);
  return `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
}

/** A Docker config folder whose `auths` holds the test user for the registry (for DOCKER_CONFIG). */
export async function dockerConfigFor(host: string, entry: Record<string, string> = { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relman-docker-config-'));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: { [host]: entry } }));
  return dir;
}

/**
 * A proxy in front of the registry that answers the first `failures` requests with `status` (and a
 * Retry-After of 0), then passes everything through: the registry's own answers, made flaky.
 */
export async function startFlakyProxy(target: string, failures: number, status = 503): Promise<{ host: string; seen: number; close(): Promise<void> }> {
  const state = { seen: 0 };
  const server = http.createServer((req, res) => {
    state.seen++;
    if (state.seen <= failures) {
      res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end();
      return;
    }
    const [hostname, port] = target.split(':');
    const upstream = http.request({ hostname, port: Number(port), path: req.url, method: req.method, headers: { ...req.headers, host: target } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    get seen() {
      return state.seen;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
