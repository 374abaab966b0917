import { tuneHeapForShortRun } from './heap.js';
import { main } from './main.js';

tuneHeapForShortRun();

// A reader that stops early (`relman plan --json | head`) closes the pipe: that ends the output, not the run in error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
