import { setFlagsFromString } from 'node:v8';

/**
 * Garbage collection tuned for what relman is: a short run that streams a long history through a
 * small set of live objects. By default V8 doubles its young generation up to 2 × 16 MB whenever
 * objects survive a collection, and lets the old generation grow a few times over its live size
 * before collecting it: a peak that grows with how long the run is, not with what it keeps. With the
 * young generation kept at its first size and the old one collected once it grows by a quarter,
 * relman's peak follows what it holds (bench/RESULTS.md: a quarter less at 100,000 commits, for about
 * the same time; relman's live heap is tens of MB, so collecting it more often costs little).
 *
 * Both flags are read each time V8 sizes a generation, so they take effect when set here, before any
 * command runs.
 */
export function tuneHeapForShortRun(): void {
  for (const flag of heapFlags(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString(flag);
}

const HEAP_FLAGS: [string, number][] = [
  ['--semi-space-growth-factor', 1],
  ['--heap-growing-percent', 25],
];

/** The flags to set: each of HEAP_FLAGS that the user did not give node (on its command line or in NODE_OPTIONS). */
export function heapFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  // V8 reads `--a-b` and `--a_b` alike.
  const given = `${execArgv.join(' ')} ${nodeOptions}`.replaceAll('_', '-');
  return HEAP_FLAGS.filter(([flag]) => !given.includes(flag)).map(([flag, value]) => `${flag}=${value}`);
}
