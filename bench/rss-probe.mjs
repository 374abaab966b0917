// Preloaded into relman's node process by the bench (node --import): at exit, writes the process's
// own peak resident memory in MB, apart from the git processes it runs.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.RELMAN_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS / 1024));
});
