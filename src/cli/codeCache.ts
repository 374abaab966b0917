import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/** Set by the bundle (scripts/build.mjs): a hash of the sources it was built from. */
declare const RELMAN_BUILD: string;

/** Where the code caches live, beside the bundle: a build empties it (scripts/build.mjs). */
export const CODE_CACHE_DIR = '.v8-cache';

/**
 * Runs the CommonJS bundle at `bundle` through V8's code cache, so a run skips compiling what an
 * earlier run of the same command compiled (about a tenth of a small plan's time: Node 20 keeps no
 * compile cache of its own). There is a cache per command, written when a run without a usable one
 * ends well, after the command ran, so it holds the functions the command needed and not only the
 * top level.
 *
 * V8 checks a cache against its own version, its flags and the length of the source only, so the
 * file is named after the build and everything else that changes the code or the flags. A cache V8
 * rejects, or one that cannot be read or written, costs a compile, never the run.
 */
export function runBundle(bundle: string, command: string | undefined): void {
  const file = codeCacheFile(path.dirname(bundle), command);
  const cachedData = readIfPresent(file);
  // The wrapper stays on the first line, so the bundle's line numbers (and its source map) hold.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`, { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code === 0) writeCodeCache(file, script);
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

/** The cache for this command under this build, Node.js and set of flags (V8 rejects a cache made under others). */
export function codeCacheFile(dir: string, command: string | undefined): string {
  const name = command && /^[a-z][a-z-]{0,39}$/.test(command) ? command : 'relman';
  const key = createHash('sha1').update([RELMAN_BUILD, process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\0'));
  return path.join(dir, CODE_CACHE_DIR, `${name}-${key.digest('hex').slice(0, 16)}.bin`);
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written whole and renamed into place: a run that starts meanwhile reads the old cache or the new one. */
function writeCodeCache(file: string, script: Script): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
  } catch {
    // A folder relman may not write to (an installation owned by another user) only goes without a cache.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // no folder, so no file either
    }
  }
}
