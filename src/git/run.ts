import { spawn } from 'node:child_process';
import { RelmanError } from '../errors.js';

export interface GitOptions {
  cwd: string;
  /** Written to git's standard input. */
  input?: string | Buffer;
  /** Extra environment variables (merged over process.env). */
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

// Git must answer in English and never stop to ask for anything.
const gitEnv = { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' };

function environment(extra?: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...gitEnv, ...extra };
}

/** Runs `git ARGS` (an argument array, never a shell) and collects its output as bytes. */
export function gitBytes(args: string[], opts: GitOptions): Promise<{ stdout: Buffer; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: environment(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new RelmanError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH')));
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 128 };
      if (result.code === 0 || opts.okCodes?.includes(result.code)) resolve(result);
      else reject(gitFailure(args, { ...result, stdout: '' }));
    });
    child.stdin.on('error', () => {}); // git may exit before reading its input
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs `git ARGS` and collects its output as text. */
export async function git(args: string[], opts: GitOptions): Promise<GitResult> {
  const r = await gitBytes(args, opts);
  return { ...r, stdout: r.stdout.toString('utf8') };
}

/** Runs git and returns its trimmed standard output. */
export async function gitOut(args: string[], opts: GitOptions): Promise<string> {
  return (await git(args, opts)).stdout.trimEnd();
}

export function gitFailure(args: string[], result: GitResult): RelmanError {
  const detail = result.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' / ') || `exit status ${result.code}`;
  return new RelmanError(`git ${args.slice(0, 2).join(' ')} failed: ${detail}`);
}

/** Streams git's standard output as it comes; throws, once git has exited, when git failed. */
async function* gitOutput(args: string[], opts: GitOptions): AsyncGenerator<Buffer> {
  const child = spawn('git', args, { cwd: opts.cwd, env: environment(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new RelmanError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH')));
    child.on('close', (code) => resolve(code ?? 128));
  });
  try {
    yield* child.stdout as AsyncIterable<Buffer>;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0 && !opts.okCodes?.includes(code)) throw gitFailure(args, { stdout: '', stderr: Buffer.concat(err).toString('utf8'), code });
}

/**
 * Streams git's output as fields split at `separator` (NUL, or a newline for lines), a chunk's worth
 * at a time, without holding the whole output in memory. Fields are decoded as UTF-8 (invalid bytes
 * become U+FFFD, never a crash). A field may be a view into its chunk's text: copy what is kept long.
 */
export async function* gitFields(args: string[], opts: GitOptions, separator = '\0'): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of gitOutput(args, opts)) {
    const fields = (pending + decoder.decode(chunk, { stream: true })).split(separator);
    pending = fields.pop() ?? '';
    if (fields.length) yield fields;
  }
  pending += decoder.decode();
  if (pending) yield [pending];
}
