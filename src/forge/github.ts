import { RelmanError } from '../errors.js';

/**
 * GitHub releases through the REST API (https://docs.github.com/en/rest/releases/releases), with the
 * variables GitHub Actions sets. The token is a secret: no message, warning or error ever holds it.
 */
export interface GitHubContext {
  /** `GITHUB_API_URL`, without a trailing slash. */
  apiUrl: string;
  /** `GITHUB_REPOSITORY`: `owner/repo`. */
  repository: string;
  token: string;
}

export interface GitHubRelease {
  tag: string;
  name: string;
  /** Markdown: the release notes. */
  body: string;
  prerelease: boolean;
  /** The commit the tag names: GitHub creates the tag there if it does not have it yet, never elsewhere. */
  commit: string;
}

const API_VERSION = '2022-11-28';
const TIMEOUT_MS = 30_000;

/** The context from `GITHUB_TOKEN`, `GITHUB_REPOSITORY` and `GITHUB_API_URL` (default https://api.github.com). */
export function githubContext(env: NodeJS.ProcessEnv): GitHubContext {
  const token = env.GITHUB_TOKEN ?? '';
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!token) {
    throw new RelmanError('--github: GITHUB_TOKEN is not set', 'in GitHub Actions: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions: contents: write');
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new RelmanError(`--github: GITHUB_REPOSITORY must name the repository as owner/repo${repository ? `, not "${repository}"` : ', and it is not set'}`, 'GitHub Actions sets it; elsewhere export GITHUB_REPOSITORY=owner/repo');
  }
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new RelmanError(`--github: GITHUB_API_URL must be an http(s) URL, not "${apiUrl}"`);
  return { apiUrl, repository, token };
}

/** The URL of the release for a tag, or null when GitHub has none. */
export async function findRelease(ctx: GitHubContext, tag: string): Promise<string | null> {
  const res = await call(ctx, 'GET', `/repos/${ctx.repository}/releases/tags/${encodeURIComponent(tag)}`);
  if (res.status === 404) return null;
  if (res.status !== 200) throw apiError(res, `looking up the release of ${tag}`);
  return htmlUrl(res.json);
}

/** Creates a published release; returns its URL. */
export async function createRelease(ctx: GitHubContext, release: GitHubRelease): Promise<string> {
  const res = await call(ctx, 'POST', `/repos/${ctx.repository}/releases`, {
    tag_name: release.tag,
    target_commitish: release.commit,
    name: release.name,
    body: release.body,
    draft: false,
    prerelease: release.prerelease,
  });
  if (res.status !== 201) throw apiError(res, `creating the release of ${release.tag}`);
  return htmlUrl(res.json);
}

interface ApiResponse {
  method: string;
  path: string;
  status: number;
  json: unknown;
}

async function call(ctx: GitHubContext, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse> {
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${ctx.token}`,
    'X-GitHub-Api-Version': API_VERSION,
    'User-Agent': 'relman',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${ctx.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
    throw new RelmanError(`cannot reach the GitHub API at ${ctx.apiUrl}: ${cause}`, 'check the network and GITHUB_API_URL, then run again: only missing releases are created');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  return { method, path, status: res.status, json };
}

function htmlUrl(json: unknown): string {
  const url = (json as { html_url?: unknown } | null)?.html_url;
  return typeof url === 'string' ? url : '';
}

const HINTS: Record<number, string> = {
  401: 'GITHUB_TOKEN is invalid or expired',
  403: 'the token may not write releases: in GitHub Actions grant permissions: contents: write',
  404: 'check GITHUB_REPOSITORY, and that the token can see the repository and write releases (contents: write)',
  422: 'GitHub refused the release as sent: the tag or its commit may not be on GitHub yet (release with --push)',
};

function apiError(res: ApiResponse, doing: string): RelmanError {
  const body = res.json as { message?: unknown; errors?: { code?: unknown; field?: unknown; message?: unknown }[] } | null;
  const details = [body?.message, ...(body?.errors ?? []).map((e) => e.message ?? [e.field, e.code].filter(Boolean).join(' '))].filter((d) => typeof d === 'string' && d);
  const hint = HINTS[res.status] ?? (res.status >= 500 ? 'GitHub had a problem; run again: only missing releases are created' : undefined);
  return new RelmanError(`GitHub answered ${res.status} to ${res.method} ${res.path} while ${doing}${details.length ? `: ${details.join('; ')}` : ''}`, hint);
}
