import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));
const created: string[] = [];

afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'relman-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** The environment relman and git run with in tests: a fixed identity, no system or user config. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A real git repository in a temporary folder, with helpers to build a history. */
export class TestRepo {
  private clock = 1_700_000_000;

  constructor(readonly dir: string) {}

  static init(options: { bare?: boolean; branch?: string } = {}): TestRepo {
    const repo = new TestRepo(tempDir());
    repo.git('init', '-q', '-b', options.branch ?? 'main', ...(options.bare ? ['--bare'] : []));
    return repo;
  }

  git(...args: string[]): string {
    return this.gitInput('', ...args);
  }

  /** Runs git with `input` on its standard input (e.g. a fast-import stream). */
  gitInput(input: string, ...args: string[]): string {
    // Fixed, increasing dates keep histories deterministic and ordered.
    const date = `@${this.clock++} +0000`;
    return execFileSync('git', args, {
      cwd: this.dir,
      env: { ...process.env, ...GIT_ENV, HOME: this.dir, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 1 << 28,
    }).trim();
  }

  write(files: Record<string, string>): this {
    for (const [file, text] of Object.entries(files)) {
      const full = path.join(this.dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    return this;
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), 'utf8');
  }

  /** Writes the files (if any) and commits everything with the message; returns the sha. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  tag(name: string, ref = 'HEAD', annotated = true): void {
    if (annotated) this.git('tag', '-a', '-m', name, name, ref);
    else this.git('tag', name, ref);
  }

  tags(): string[] {
    return this.git('tag', '--list').split('\n').filter(Boolean).sort();
  }

  /** Runs the real CLI in this repository. */
  relman(...args: string[]): RunResult {
    return runRelman(args, this.dir, { HOME: this.dir, ...GIT_ENV });
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runRelman(args: string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

export function pyproject(name: string, version: string, extra = ''): string {
  return `[project]\nname = "${name}"\nversion = "${version}"\n${extra}`;
}

export function packageJson(name: string, version: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ name, version, ...extra }, null, 2)}\n`;
}
