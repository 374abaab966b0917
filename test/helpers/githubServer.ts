import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { RunResult } from './repo.js';

export const GITHUB_TOKEN = 'ghs_test-token-never-printed';

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

interface StoredRelease {
  id: number;
  tag_name: string;
  name: string;
  body: string;
  prerelease: boolean;
  target_commitish: string;
  html_url: string;
}

/**
 * A stand-in for api.github.com's releases endpoints on 127.0.0.1. It checks every request the way
 * GitHub documents it (https://docs.github.com/en/rest/releases/releases): method, path, the Accept,
 * Authorization, X-GitHub-Api-Version and User-Agent headers, and the JSON body; what breaks a rule
 * is answered 400 and kept in `problems`.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly problems: string[] = [];
  readonly releases = new Map<string, StoredRelease>();
  /** Tags whose release creation answers 500, as GitHub does on a bad day. */
  readonly failCreating = new Set<string>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(readonly repository = 'acme/platform') {}

  static async start(repository?: string): Promise<FakeGitHub> {
    const github = new FakeGitHub(repository);
    await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
    afterAll(() => new Promise<void>((resolve) => github.server.close(() => resolve())));
    return github;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { GITHUB_TOKEN, GITHUB_REPOSITORY: this.repository, GITHUB_API_URL: this.url, ...extra };
  }

  creations(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '';
    const request: RecordedRequest = { method: req.method ?? '', path, body: null };
    this.requests.push(request);
    const problem = (what: string) => {
      this.problems.push(`${request.method} ${path}: ${what}`);
      send(res, 400, { message: what });
    };
    if (req.headers.accept !== 'application/vnd.github+json') return problem(`Accept is ${req.headers.accept}`);
    if (!/^Bearer /.test(req.headers.authorization ?? '')) return problem('Authorization is not a bearer token');
    if (req.headers.authorization !== `Bearer ${GITHUB_TOKEN}`) return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (req.headers['x-github-api-version'] !== '2022-11-28') return problem(`X-GitHub-Api-Version is ${req.headers['x-github-api-version']}`);
    if (!req.headers['user-agent']) return problem('no User-Agent');

    const prefix = `/repos/${this.repository}/releases`;
    if (req.method === 'GET' && path.startsWith(`${prefix}/tags/`)) {
      const release = this.releases.get(decodeURIComponent(path.slice(`${prefix}/tags/`.length)));
      return release ? send(res, 200, release) : send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    if (req.method === 'POST' && path === prefix) {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return problem(`Content-Type is ${req.headers['content-type']}`);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return problem('the body is not JSON');
      }
      request.body = body;
      const { tag_name, name, target_commitish, prerelease, draft } = body;
      if (typeof tag_name !== 'string' || !tag_name) return problem('tag_name is required');
      if (typeof name !== 'string' || typeof body.body !== 'string') return problem('name and body must be strings');
      if (typeof prerelease !== 'boolean' || draft !== false) return problem('prerelease must be a boolean and draft false');
      if (typeof target_commitish !== 'string' || !/^[0-9a-f]{40}$/.test(target_commitish)) return problem('target_commitish must be the commit sha');
      if (this.failCreating.has(tag_name)) return send(res, 500, { message: 'Server Error' });
      if (this.releases.has(tag_name)) return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] });
      const release = { id: this.releases.size + 1, tag_name, name, body: body.body, prerelease, target_commitish, html_url: `https://github.com/${this.repository}/releases/tag/${tag_name}` };
      this.releases.set(tag_name, release);
      return send(res, 201, release);
    }
    return problem('no such endpoint');
  }
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(json));
}

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));

/** Runs the CLI without blocking this process, so a server in it can answer the CLI's requests. */
export function runRelmanAsync(args: string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, GITHUB_TOKEN: '', GITHUB_REPOSITORY: '', GITHUB_API_URL: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 128, stdout, stderr }));
  });
}
