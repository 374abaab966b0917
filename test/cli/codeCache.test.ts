import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CODE_CACHE_DIR } from '../../src/cli/codeCache.js';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const made: string[] = [];

/** A copy of the built CLI (bin/ and dist/, without code caches), so each test starts with none. */
function installCopy(): { bin: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'relman-codecache-'));
  made.push(dir);
  cpSync(path.join(PROJECT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(PROJECT, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (src) => path.basename(src) !== CODE_CACHE_DIR });
  return { bin: path.join(dir, 'bin', 'relman'), cacheDir: path.join(dir, 'dist', CODE_CACHE_DIR) };
}

function relman(bin: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: path.dirname(bin), encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function caches(cacheDir: string): string[] {
  try {
    return readdirSync(cacheDir).sort();
  } catch {
    return [];
  }
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the code cache', () => {
  it('is written by a command that ends well, and the next run of it uses the cache as it is', () => {
    const { bin, cacheDir } = installCopy();
    const first = relman(bin, ['help']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Usage: relman <command>');
    const [file] = caches(cacheDir);
    expect(caches(cacheDir)).toEqual([expect.stringMatching(/^help-[0-9a-f]{16}\.bin$/)]);
    const written = statSync(path.join(cacheDir, file as string));

    expect(relman(bin, ['help'])).toEqual(first);
    // A cache V8 rejected would have been written again, as a new file renamed into place.
    const after = statSync(path.join(cacheDir, file as string));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });

  it('is one per command and per set of node flags', () => {
    const { bin, cacheDir } = installCopy();
    expect(relman(bin, ['help']).code).toBe(0);
    expect(relman(bin, ['lint', '--help']).code).toBe(0);
    expect(relman(bin, ['help'], { NODE_OPTIONS: '--max-old-space-size=200' }).code).toBe(0);
    const names = caches(cacheDir);
    expect(names.filter((n) => n.startsWith('help-'))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('lint-'))).toHaveLength(1);
  });

  it('costs a compile when V8 rejects it, never the run, and is replaced by a good one', () => {
    const { bin, cacheDir } = installCopy();
    const expected = relman(bin, ['help']);
    const [file] = caches(cacheDir);
    const cache = path.join(cacheDir, file as string);
    writeFileSync(cache, 'not a code cache');
    expect(relman(bin, ['help'])).toEqual(expected);
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');
    const replaced = statSync(cache);
    relman(bin, ['help']);
    expect(statSync(cache).ino).toBe(replaced.ino);
  });

  it('is not written by a run that fails', () => {
    const { bin, cacheDir } = installCopy();
    const typo = relman(bin, ['plna']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "plna"');
    const noRepository = mkdtempSync(path.join(tmpdir(), 'relman-norepo-'));
    made.push(noRepository);
    const outside = relman(bin, ['plan', '--cwd', noRepository]);
    expect(outside.code).toBe(1);
    expect(caches(cacheDir)).toEqual([]);
  });

  it('leaves the run alone where it cannot be written', () => {
    const { bin, cacheDir } = installCopy();
    writeFileSync(cacheDir, 'a file where the folder would go');
    const r = relman(bin, ['help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: relman <command>');
    expect(r.stderr).toBe('');
    expect(readdirSync(path.dirname(cacheDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('is not needed for the version, which relman prints without loading the bundle', () => {
    const { bin, cacheDir } = installCopy();
    const pkg = JSON.parse(readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v', 'version']) expect(relman(bin, [flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(caches(cacheDir)).toEqual([]);
  });
});
