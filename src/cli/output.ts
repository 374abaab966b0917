import { once } from 'node:events';
import { jsonChunks } from '../text/jsonChunks.js';

/** Where a command writes: results to stdout, progress and warnings to stderr. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Resolves once the reader has taken enough of what `out` was given to take more. */
  drained?(): Promise<void>;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  // Writes to a pipe queue in memory while the reader is behind: a long output would be held whole.
  drained: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
};

/**
 * Writes JSON a piece at a time (see jsonChunks), each once the reader has taken the last: every piece
 * but the last ends a line, as `out` wants.
 */
export async function printJson(output: Output, value: unknown): Promise<void> {
  let pending = '';
  for (const chunk of jsonChunks(value, 2)) {
    const text = pending + chunk;
    const end = text.lastIndexOf('\n') + 1;
    if (end > 0) {
      output.out(text.slice(0, end));
      await output.drained?.();
    }
    pending = text.slice(end);
  }
  output.out(pending);
}

export function warn(output: Output, text: string): void {
  output.err(`relman: warning: ${text}`);
}

/** A plain text table: columns padded to their widest cell. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
