// Preloaded into relman's node process by the bench's memory check (node --import): at exit, writes in
// MB the most the process held after a full garbage collection: its V8 heap then, and the memory
// outside the heap that its objects own (ArrayBuffers). That is what a run needs; a process's peak
// also counts garbage not yet collected, which moves with when the collector happens to run.
import { writeFileSync } from 'node:fs';
import { GCProfiler } from 'node:v8';

const profiler = new GCProfiler();
profiler.start();

process.on('exit', () => {
  const file = process.env.RELMAN_BENCH_LIVE_FILE;
  const full = profiler.stop().statistics.filter((s) => s.gcType === 'MarkSweepCompact');
  const held = Math.max(0, ...full.map(({ afterGC: { heapStatistics: h } }) => h.usedHeapSize + h.externalMemory));
  if (file) writeFileSync(file, String(held / 2 ** 20));
});
