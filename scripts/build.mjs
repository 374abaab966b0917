// Bundles the CLI into dist/ with esbuild. Commands are split into chunks that load on demand,
// so `relman --version` starts without parsing the GitOps or GitHub code.
import { build } from 'esbuild';
import { rmSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer ESM builds: jsonc-parser's CommonJS entry is UMD with requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  sourcemap: 'linked',
  minify: false,
  define: { RELMAN_VERSION: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM need a require().
  banner: { js: "import { createRequire as __relmanCreateRequire } from 'node:module'; const require = __relmanCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
