import { main } from './main.js';

// A reader that stops early (`relman plan --json | head`) closes the pipe: that ends the output, not the run in error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

// The bundle is CommonJS (src/cli/codeCache.ts), which has no top-level await.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
