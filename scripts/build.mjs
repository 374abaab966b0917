// Bundles the CLI into dist/ with esbuild.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** What the sources and locked dependencies hash to: what relman keeps from one build is not used by another. */
function buildId() {
  const hash = createHash('sha1');
  const add = (file) => hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else add(full);
    }
  };
  walk(path.join(root, 'src'));
  for (const file of ['package.json', 'package-lock.json']) add(path.join(root, file));
  return hash.digest('hex').slice(0, 20);
}

// The CLI is one CommonJS bundle that bin/relman runs through V8's code cache (src/cli/start.ts and
// codeCache.ts): Node 20 can cache the compiled code of a script, not of ES modules.
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  // Prefer ESM builds: jsonc-parser's CommonJS entry is UMD with requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: 'linked',
  // V8 holds the bundle's whole text for as long as relman runs: minified, 3 MB less at the peak.
  // Names are kept for stack traces (--debug).
  minify: true,
  keepNames: true,
  write: false,
  define: { RELMAN_VERSION: JSON.stringify(pkg.version), RELMAN_BUILD: JSON.stringify(buildId()) },
  logLevel: 'warning',
};
const results = await Promise.all([
  build({ ...common, entryPoints: { relman: 'src/cli/entry.ts' }, outdir, format: 'cjs', outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { start: 'src/cli/start.ts' }, outdir, format: 'esm' }),
]);

// Each file is written whole and renamed into place, so a relman starting meanwhile (a test, another
// build) never reads a half-written one; a relman already running read its bundle whole when it started.
mkdirSync(outdir, { recursive: true });
const written = new Set();
for (const file of results.flatMap((r) => r.outputFiles)) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
  written.add(path.basename(file.path));
}
// Older builds' files go, and the code caches with them (made from another bundle).
for (const name of readdirSync(outdir)) if (!written.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outdir, name), { recursive: true, force: true });
