import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RelmanError } from '../errors.js';
import { DOCKER_HUB } from './imageRef.js';

/** Registry credentials, never printed. */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token service. */
  identityToken?: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The Docker config file as docker, crane and skopeo find it: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
}

// Docker Hub's credentials are stored under its v1 index address.
const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'registry-1.docker.io', DOCKER_HUB];

/** The host a config key names: `https://host/v1/` → `host`. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

/**
 * Credentials for a registry from the Docker config: its `credHelpers` entry, else the `credsStore`,
 * else `auths`. Null when none is configured (anonymous access).
 */
export async function dockerCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | null> {
  const file = dockerConfigPath(env);
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as DockerConfig;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RelmanError(`cannot read the Docker config ${file}: ${(e as Error).message}`);
  }
  const hosts = registry === DOCKER_HUB ? HUB_KEYS.map(keyHost) : [registry];
  const findKey = (keys: string[]) => keys.find((k) => hosts.includes(keyHost(k)));
  const helperKey = findKey(Object.keys(config.credHelpers ?? {}));
  const serverUrl = registry === DOCKER_HUB ? (HUB_KEYS[0] ?? registry) : registry;
  if (helperKey) return credentialHelper(config.credHelpers?.[helperKey] ?? '', serverUrl, env);
  if (config.credsStore) {
    const stored = await credentialHelper(config.credsStore, serverUrl, env);
    if (stored) return stored;
  }
  const entry = config.auths?.[findKey(Object.keys(config.auths ?? {})) ?? ''];
  if (!entry) return null;
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new RelmanError(`the Docker config ${file} has a malformed "auth" for ${registry}`, `run: docker login ${registry}`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return entry.username ? { username: entry.username, password: entry.password ?? '' } : null;
}

const HELPER_TIMEOUT_MS = 30_000;

/** Runs `docker-credential-NAME get` with the server on standard input, as docker does. */
function credentialHelper(name: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credentials | null> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: HELPER_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new RelmanError(`cannot run the credential helper ${program}: ${e.message}`, `install ${program}, or remove it from ${dockerConfigPath(env)}`)));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8').trim();
      if (code !== 0) {
        if (/not found/i.test(text)) return resolve(null);
        // What the helper says (e.g. gcloud's "You do not currently have an active account"), as docker shows it.
        const said = (text || Buffer.concat(err).toString('utf8').trim()).split('\n')[0]?.slice(0, 200);
        return reject(new RelmanError(`the credential helper ${program} failed for ${serverUrl} (exit status ${code})${said ? `: ${said}` : ''}`, `log in with the tool ${program} comes with, or remove it from ${dockerConfigPath(env)}`));
      }
      try {
        const answer = JSON.parse(text) as { Username?: string; Secret?: string };
        if (!answer.Secret) return resolve(null);
        resolve(answer.Username === '<token>' ? { identityToken: answer.Secret } : { username: answer.Username ?? '', password: answer.Secret });
      } catch {
        reject(new RelmanError(`the credential helper ${program} answered something that is not JSON for ${serverUrl}`));
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(serverUrl);
  });
}
