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
 * Both flags are read when V8 sizes a generation, so setting them here, before any command runs, is
 * enough. A growth factor of 1 is what `--max-semi-space-size=1` on node's command line does (the
 * same peaks, measured), which a process cannot give itself; V8 raises a factor below 2 to 2 only
 * when it configures the heap at startup, so on node's command line the factor would not hold.
 */
export function tuneHeapForShortRun(): void {
  for (const flag of heapFlags(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString(flag);
}

/** Each flag, and what in node's own flags says the user sized that generation already. */
const HEAP_FLAGS: [flag: string, userSays: RegExp][] = [
  ['--semi-space-growth-factor=1', /--(?:min-|max-)?semi-space/],
  ['--heap-growing-percent=25', /--heap-growing-percent/],
];

/** The flags to set: those of HEAP_FLAGS whose generation the user did not size (on node's command line or in NODE_OPTIONS). */
export function heapFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  // V8 reads `--a-b` and `--a_b` alike.
  const given = `${execArgv.join(' ')} ${nodeOptions}`.replaceAll('_', '-');
  return HEAP_FLAGS.filter(([, userSays]) => !userSays.test(given)).map(([flag]) => flag);
}
