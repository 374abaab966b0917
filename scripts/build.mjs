// Bundles the CLI into dist/ with esbuild. Commands are split into chunks that load on demand,
// so `relman --version` starts without parsing the GitOps or GitHub code.
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

const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/entry.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer ESM builds: jsonc-parser's CommonJS entry is UMD with requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: 'linked',
  minify: false,
  write: false,
  define: { RELMAN_VERSION: JSON.stringify(pkg.version), RELMAN_BUILD: JSON.stringify(buildId()) },
  // CommonJS dependencies bundled into ESM need a require().
  banner: { js: "import { createRequire as __relmanCreateRequire } from 'node:module'; const require = __relmanCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// Each file is written whole and renamed into place, so a relman already running (a test, another
// build) never loads a half-written chunk; chunk names carry content hashes, so old and new coexist.
mkdirSync(outdir, { recursive: true });
const written = new Set();
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
  written.add(path.basename(file.path));
}
for (const name of readdirSync(outdir)) if (!written.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outdir, name), { force: true });
