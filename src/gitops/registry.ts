import { createHash } from 'node:crypto';
import { RelmanError } from '../errors.js';
import { dockerConfigPath, dockerCredentials, type Credentials } from './credentials.js';
import { DOCKER_HUB } from './imageRef.js';

/**
 * A client of the OCI distribution API (tags, manifests) for one registry: anonymous, Basic or Bearer
 * token auth as the registry's `WWW-Authenticate` challenge asks, credentials from the Docker config,
 * HTTPS unless the host is loopback or marked insecure, and retries with backoff on 429 and 5xx.
 */
export interface RegistryOptions {
  /** Plain HTTP for a registry that is not on loopback. */
  insecure?: boolean;
  credentials?: (registry: string) => Promise<Credentials | null>;
  /** Attempts after the first, for 429, 5xx and network errors. */
  retries?: number;
  /** First backoff delay; it doubles each time, up to 8 s (a `Retry-After` is honoured, up to 30 s). */
  backoffMs?: number;
  /** Tags per page of `/tags/list`. */
  pageSize?: number;
  timeoutMs?: number;
  /** Progress notes (retries), for stderr. */
  log?: (message: string) => void;
}

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_PAGES = 10_000;

export interface Manifest {
  body: Buffer;
  mediaType: string;
  digest: string;
}

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

interface RequestOptions {
  method?: 'GET' | 'HEAD' | 'PUT';
  repository: string;
  push?: boolean;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Statuses that are answers, not failures (404 for "no such tag"). */
  ok?: number[];
}

/** The registry wants credentials relman does not have, or refused the ones it sent. */
export class RegistryAuthError extends RelmanError {}

export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export class RegistryClient {
  readonly base: string;
  private challenge: Challenge | null = null;
  private credentials: Promise<Credentials | null> | null = null;
  private readonly tokens = new Map<string, Promise<{ token: string; expires: number }>>();
  private readonly opts: Required<Omit<RegistryOptions, 'insecure'>>;

  constructor(
    readonly registry: string,
    options: RegistryOptions = {},
  ) {
    const host = registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
    this.base = `${options.insecure || isLoopback(host) ? 'http' : 'https'}://${host}`;
    this.opts = {
      credentials: options.credentials ?? ((r) => dockerCredentials(r)),
      retries: options.retries ?? 3,
      backoffMs: options.backoffMs ?? 200,
      pageSize: options.pageSize ?? 1000,
      timeoutMs: options.timeoutMs ?? 30_000,
      log: options.log ?? (() => {}),
    };
  }

  /** Every tag of the repository, following the registry's pagination. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let url: string | null = `/v2/${repository}/tags/list?n=${this.opts.pageSize}`;
    while (url && !seen.has(url) && seen.size < MAX_PAGES) {
      seen.add(url);
      const res = await this.request(url, { repository });
      const page = (await res.json().catch(() => null)) as { tags?: string[] | null } | null;
      if (!page || (page.tags != null && !Array.isArray(page.tags))) throw this.error(`answered ${url} with something that is not a tag list`);
      tags.push(...(page.tags ?? []));
      url = nextLink(res.headers.get('link'));
    }
    return tags;
  }

  /** The digest a tag (or digest) points at, or null when there is no such manifest. */
  async manifestDigest(repository: string, reference: string): Promise<string | null> {
    const res = await this.request(`/v2/${repository}/manifests/${reference}`, { method: 'HEAD', repository, headers: { accept: MANIFEST_TYPES.join(', ') }, ok: [404] });
    if (res.status === 404) return null;
    return res.headers.get('docker-content-digest') ?? (await this.getManifest(repository, reference)).digest;
  }

  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const res = await this.request(`/v2/${repository}/manifests/${reference}`, { repository, headers: { accept: MANIFEST_TYPES.join(', ') }, ok: [404] });
    if (res.status === 404) throw this.error(`has no manifest ${repository}:${reference}`, 'check the image name and tag');
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_MANIFEST_BYTES) throw this.error(`answered a manifest larger than ${MAX_MANIFEST_BYTES} bytes for ${repository}:${reference}`);
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() || (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType || '';
    return { body, mediaType, digest };
  }

  /** Stores a manifest under a tag; returns the digest the registry reports. */
  async putManifest(repository: string, tag: string, manifest: Manifest): Promise<string> {
    const res = await this.request(`/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      repository,
      push: true,
      headers: { 'content-type': manifest.mediaType },
      body: manifest.body,
    });
    return res.headers.get('docker-content-digest') ?? manifest.digest;
  }

  private error(what: string, hint?: string): RelmanError {
    return new RelmanError(`registry ${this.registry} ${what}`, hint);
  }

  private authError(what: string): RegistryAuthError {
    return new RegistryAuthError(`registry ${this.registry} ${what}`, `log in (docker login ${this.registry}); relman reads ${dockerConfigPath()}`);
  }

  private async request(pathAndQuery: string, o: RequestOptions): Promise<Response> {
    const url = new URL(pathAndQuery, this.base).toString();
    const scope = `repository:${o.repository}:${o.push ? 'pull,push' : 'pull'}`;
    let authenticated = false;
    for (let attempt = 0; ; attempt++) {
      const headers = { ...o.headers, ...(await this.authorization(scope)) };
      let res: Response;
      try {
        res = await fetch(url, { method: o.method ?? 'GET', headers, body: o.body ? new Uint8Array(o.body) : undefined, signal: AbortSignal.timeout(this.opts.timeoutMs) });
      } catch (e) {
        const cause = describeFetchError(e);
        if (attempt < this.opts.retries) {
          await this.pause(attempt, null, cause);
          continue;
        }
        throw this.error(`is unreachable at ${this.base}: ${cause}`, 'check that the registry is up and its address is right');
      }
      if (res.status === 401 && !authenticated) {
        await res.body?.cancel();
        this.challenge = parseChallenge(res.headers.get('www-authenticate'));
        if (!this.challenge) throw this.error(`refused ${o.method ?? 'GET'} ${pathAndQuery} (401) without an auth challenge`);
        authenticated = true;
        attempt--; // answering a challenge is not a retry
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < this.opts.retries) {
        await res.body?.cancel();
        await this.pause(attempt, res.headers.get('retry-after'), `answered ${res.status}`);
        continue;
      }
      if (res.ok || o.ok?.includes(res.status)) return res;
      throw await this.failure(res, o, scope);
    }
  }

  private async failure(res: Response, o: RequestOptions, scope: string): Promise<RelmanError> {
    const detail = await errorDetail(res);
    const what = `${o.method ?? 'GET'} ${o.repository}`;
    if (res.status === 401 || res.status === 403) {
      const creds = await this.creds();
      if (res.status === 403) return this.authError(`denied ${what} (403${detail}); ${creds ? `the credentials lack ${scope}` : 'no credentials found'}`);
      return this.authError(creds ? `refused the credentials for ${what} (401${detail})` : `requires credentials for ${what} (401${detail}); none found`);
    }
    if (res.status === 404) return this.error(`has no repository ${o.repository} (404${detail})`, 'check the image name');
    return this.error(`answered ${res.status} to ${what}${detail ? ` (${detail.slice(2)})` : ''}`);
  }

  private async pause(attempt: number, retryAfter: string | null, why: string): Promise<void> {
    const asked = retryAfter && /^\d+$/.test(retryAfter) ? Math.min(Number(retryAfter) * 1000, 30_000) : null;
    const delay = asked ?? Math.min(this.opts.backoffMs * 2 ** attempt, 8_000) * (0.75 + Math.random() / 2);
    this.opts.log(`registry ${this.registry} ${why}; retrying in ${(delay / 1000).toFixed(1)}s (${attempt + 1}/${this.opts.retries})`);
    await new Promise((r) => setTimeout(r, delay));
  }

  private creds(): Promise<Credentials | null> {
    this.credentials ??= this.opts.credentials(this.registry);
    return this.credentials;
  }

  /** The Authorization header for a request, once the registry has said which scheme it wants. */
  private async authorization(scope: string): Promise<Record<string, string>> {
    if (!this.challenge) return {};
    const creds = await this.creds();
    if (this.challenge.scheme === 'basic') {
      if (!creds?.username) return {};
      return { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}` };
    }
    let cached = this.tokens.get(scope);
    const current = cached ? await cached.catch(() => null) : null;
    if (!cached || (current && current.expires <= Date.now())) {
      cached = this.fetchToken(this.challenge.params, scope, creds);
      this.tokens.set(scope, cached);
      cached.catch(() => this.tokens.delete(scope));
    }
    return { authorization: `Bearer ${(await cached).token}` };
  }

  /** The token flow of the distribution spec: GET with Basic credentials, or POST a refresh token. */
  private async fetchToken(params: Record<string, string>, scope: string, creds: Credentials | null): Promise<{ token: string; expires: number }> {
    const realm = params.realm;
    if (!realm || !/^https?:\/\//.test(realm)) throw this.error(`asked for a token from an invalid realm "${realm ?? ''}"`);
    const realmUrl = new URL(realm);
    if (creds && realmUrl.protocol === 'http:' && !isLoopback(realmUrl.host) && this.base.startsWith('https:')) {
      throw this.error(`asked for credentials over plain HTTP at ${realmUrl.origin}; refusing to send them`);
    }
    let res: Response;
    try {
      if (creds?.identityToken) {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, service: params.service ?? '', scope, client_id: 'relman' });
        res = await fetch(realmUrl, { method: 'POST', body: form, signal: AbortSignal.timeout(this.opts.timeoutMs) });
      } else {
        if (params.service) realmUrl.searchParams.set('service', params.service);
        realmUrl.searchParams.set('scope', scope);
        const headers: Record<string, string> = creds?.username
          ? { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}` }
          : {};
        res = await fetch(realmUrl, { headers, signal: AbortSignal.timeout(this.opts.timeoutMs) });
      }
    } catch (e) {
      throw this.error(`token service ${realmUrl.origin} is unreachable: ${describeFetchError(e)}`);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw this.authError(creds ? `token service ${realmUrl.origin} refused the credentials (${res.status})` : `token service ${realmUrl.origin} requires credentials (${res.status}); none found`);
    }
    if (!res.ok) throw this.error(`token service ${realmUrl.origin} answered ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw this.error(`token service ${realmUrl.origin} answered without a token`);
    // Renew a little early; the spec's default lifetime is 60 s.
    return { token, expires: Date.now() + Math.max((body.expires_in ?? 60) - 10, 5) * 1000 };
  }
}

/** `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export function parseChallenge(header: string | null): Challenge | null {
  const m = header ? /^\s*(basic|bearer)\b\s*(.*)$/i.exec(header) : null;
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of (m[2] ?? '').matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[(p[1] ?? '').toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: (m[1] ?? '').toLowerCase() as Challenge['scheme'], params };
}

/** The `rel="next"` target of a Link header. */
function nextLink(header: string | null): string | null {
  const m = header ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(header) : null;
  return m?.[1] ?? null;
}

async function errorDetail(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { errors?: { code?: string; message?: string }[] } | null;
  const first = body?.errors?.[0];
  return first ? `: ${[first.code, first.message].filter(Boolean).join(' ')}` : '';
}

function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'timed out';
  return err.cause?.code ?? err.cause?.message ?? err.message;
}

/** One client per registry host, so tokens and credentials are shared by every policy of a run. */
export class Registries {
  private readonly clients = new Map<string, RegistryClient>();

  constructor(private readonly options: RegistryOptions = {}) {}

  client(registry: string, insecure = false): RegistryClient {
    const key = `${registry}|${insecure}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new RegistryClient(registry, { ...this.options, insecure: insecure || this.options.insecure });
      this.clients.set(key, c);
    }
    return c;
  }
}
