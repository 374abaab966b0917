import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseWebhook, releaseMessage } from '../../src/notify/slack.js';
import { TestRepo, packageJson, type RunResult } from '../helpers/repo.js';

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));
const SECRET_PATH = '/services/T000/B000/s3cr3t-token';

interface Received {
  method: string;
  path: string;
  contentType: string;
  body: { text: string; blocks: { type: string; text: { type: string; text: string } }[] };
}

/** A webhook on 127.0.0.1 that records each request and answers with `status`. */
class Webhook {
  readonly received: Received[] = [];
  private server: Server | null = null;
  status = 200;

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'] });
        res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status === 200 ? 'ok' : 'invalid_token');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}${SECRET_PATH}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let webhook: Webhook;
afterEach(() => webhook?.stop());

/** Runs the CLI without blocking this process, so the webhook in it can answer. */
function relmanAsync(repo: TestRepo, args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const fullEnv = { ...process.env, HOME: repo.dir, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com', SLACK_WEBHOOK_URL: '', GITHUB_REPOSITORY: '', ...env };
    execFile(process.execPath, [BIN, ...args], { cwd: repo.dir, env: fullEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function twoPackages(config = ''): TestRepo {
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'relman.toml': config, 'api/package.json': packageJson('api', '1.2.0'), 'web/package.json': packageJson('web', '0.4.0') });
  repo.tag('api-v1.2.0');
  repo.tag('web-v0.4.0');
  repo.commit('feat(api): endpoint', { 'api/x.js': '1\n' });
  repo.commit('fix(web): page', { 'web/y.js': '1\n' });
  return repo;
}

describe('relman release --notify', () => {
  it('posts one Slack message naming the released packages and versions; never prints the URL', async () => {
    webhook = new Webhook();
    const url = await webhook.start();
    const repo = twoPackages();
    const r = await relmanAsync(repo, ['release', '--notify', url], { GITHUB_REPOSITORY: 'acme/monorepo' });
    expect(r.code).toBe(0);
    expect(webhook.received).toHaveLength(1);
    const [req] = webhook.received;
    expect(req).toMatchObject({ method: 'POST', path: SECRET_PATH, contentType: 'application/json' });
    expect(req?.body.text).toBe('Released 2 packages from acme/monorepo (main): api 1.3.0, web 0.4.1');
    expect(req?.body.blocks[1]?.text).toEqual({ type: 'mrkdwn', text: '• *api* 1.3.0  `api-v1.3.0`\n• *web* 0.4.1  `web-v0.4.1`' });
    expect(r.stderr).toContain('notified the release webhook of 2 packages');
    expect(`${r.stdout}${r.stderr}`).not.toContain('s3cr3t');
  });

  it('a webhook that refuses, or cannot be reached, is a warning: the release stands, exit 0', async () => {
    webhook = new Webhook();
    webhook.status = 403;
    const url = await webhook.start();
    const repo = twoPackages();
    const refused = await relmanAsync(repo, ['release', '--notify', url]);
    expect(refused.code).toBe(0);
    expect(refused.stderr).toContain('relman: warning: no release notification sent: the webhook answered HTTP 403');
    expect(repo.tags()).toContain('api-v1.3.0');

    await webhook.stop();
    repo.commit('fix(api): again', { 'api/x.js': '2\n' });
    const unreachable = await relmanAsync(repo, ['release', '--notify', url]);
    expect(unreachable.code).toBe(0);
    expect(unreachable.stderr).toContain('relman: warning: no release notification sent: the webhook could not be reached (ECONNREFUSED)');
    expect(repo.tags()).toContain('api-v1.3.1');
    expect(`${refused.stderr}${unreachable.stderr}`).not.toContain('s3cr3t');
  });

  it('reads the webhook from relman.toml as env:NAME, or SLACK_WEBHOOK_URL; posts nothing on a dry run or with nothing released', async () => {
    webhook = new Webhook();
    const url = await webhook.start();
    const configured = twoPackages('[notify]\nslack = "env:RELEASE_HOOK"\n');
    expect((await relmanAsync(configured, ['release', '--dry-run'], { RELEASE_HOOK: url })).code).toBe(0);
    expect(webhook.received).toHaveLength(0);
    expect((await relmanAsync(configured, ['release'], { RELEASE_HOOK: url })).code).toBe(0);
    expect(webhook.received).toHaveLength(1);
    expect((await relmanAsync(configured, ['release'], { RELEASE_HOOK: url })).stdout).toContain('nothing to release');
    expect(webhook.received).toHaveLength(1);

    const fromEnv = twoPackages();
    expect((await relmanAsync(fromEnv, ['release', '--json'], { SLACK_WEBHOOK_URL: url })).code).toBe(0);
    expect(webhook.received).toHaveLength(2);

    const unset = twoPackages('[notify]\nslack = "env:RELEASE_HOOK"\n');
    const r = await relmanAsync(unset, ['release']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('relman: warning: no release notification sent: [notify] slack in relman.toml names the environment variable RELEASE_HOOK, which is not set');
  });
});

describe('webhook choice and message', () => {
  it('prefers --notify, then relman.toml, then SLACK_WEBHOOK_URL', () => {
    const env = { SLACK_WEBHOOK_URL: 'https://hooks.example/env', HOOK: 'https://hooks.example/named' };
    expect(chooseWebhook({ flag: 'https://hooks.example/flag', configured: 'env:HOOK', env })).toEqual({ url: 'https://hooks.example/flag' });
    expect(chooseWebhook({ configured: 'env:HOOK', env })).toEqual({ url: 'https://hooks.example/named' });
    expect(chooseWebhook({ env })).toEqual({ url: 'https://hooks.example/env' });
    expect(chooseWebhook({ env: {} })).toBeNull();
    expect(chooseWebhook({ env: { SLACK_WEBHOOK_URL: '' } })).toBeNull();
    expect(chooseWebhook({ flag: 'hooks.example/x', env })).toEqual({ warning: 'no release notification sent: the webhook from --notify is not an http(s) URL' });
  });

  it('escapes Slack mrkdwn and stays within a section\'s 3,000 characters', () => {
    const one = releaseMessage([{ name: '<a&b>', version: '1.0.0', tag: 'x' }], { repository: 'r', branch: null });
    expect(one.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '• *&lt;a&amp;b&gt;* 1.0.0  `x`' } });
    const many = Array.from({ length: 500 }, (_, i) => ({ name: `package-${i}`, version: '1.0.0', tag: `package-${i}-v1.0.0` }));
    const list = (releaseMessage(many, { repository: 'r', branch: 'main' }).blocks[1] as { text: { text: string } }).text.text;
    expect(list.length).toBeLessThanOrEqual(3000);
    expect(list).toMatch(/\n… and \d+ more$/);
  });
});
