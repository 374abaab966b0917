import { gitFields } from './run.js';

export interface FileChange {
  /** A, M, D, R, C, T … as git prints it (R and C without the score). */
  status: string;
  path: string;
  /** The path before a rename or copy. */
  from?: string;
}

export interface LogCommit {
  sha: string;
  parents: string[];
  message: string;
  /** Files the commit changes against its first parent; empty for merge commits. */
  changes: FileChange[];
}

export interface LogRange {
  /** Revisions to start from (e.g. HEAD). */
  from: string[];
  /** Revisions whose history is left out (`^REV`). */
  exclude: string[];
}

const HEADER_MARK = '\x1e';

/**
 * Streams `git log` over a range in topological order (children before parents), one pass with
 * rename detection, yielding commits in batches so a long history is never held as one string.
 */
export async function* streamLog(root: string, range: LogRange): AsyncGenerator<LogCommit[]> {
  const parser = new LogParser();
  for await (const fields of logFields(root, range)) {
    const done = parser.pushAll(fields);
    if (done.length) yield done;
  }
  const rest = parser.finish();
  if (rest.length) yield rest;
}

/** What streamLog parses: the NUL-separated fields git prints, a chunk's worth at a time (see LogParser). */
export function logFields(root: string, range: LogRange): AsyncGenerator<string[]> {
  const args = [
    '-c', 'core.quotePath=false',
    'log', '--topo-order', '-z', '-M', '--name-status', '--no-show-signature', '--no-color', '--no-ext-diff',
    `--format=${HEADER_MARK}%H %P%x00%B`,
    ...range.from, ...range.exclude.map((r) => `^${r}`), '--',
  ];
  // Into a pipe git flushes after every commit unless told not to: a write and a wake-up per commit.
  return gitFields(args, { cwd: root, env: { GIT_FLUSH: '0' } });
}

/**
 * Turns the NUL-separated fields of `git log -z --name-status` into commits: a header field
 * (mark, sha, parents), the message, then status fields each followed by one path (two for R and C).
 */
export class LogParser {
  private done: LogCommit[] = [];
  private current: LogCommit | null = null;
  private expect: 'header' | 'message' | 'status' | 'path' | 'from' = 'header';
  private status = '';
  private from = '';

  push(field: string): void {
    switch (this.expect) {
      case 'message':
        if (this.current) this.current.message = field;
        this.expect = 'status';
        return;
      case 'from':
        this.from = field;
        this.expect = 'path';
        return;
      case 'path':
        this.current?.changes.push(this.status === 'R' || this.status === 'C' ? { status: this.status, path: field, from: this.from } : { status: this.status, path: field });
        this.expect = 'status';
        return;
      default:
        if (field.startsWith(HEADER_MARK)) return this.startCommit(field);
        // Every status but the first follows the previous path's NUL; the first follows the message's newline.
        this.status = field.charAt(field.charCodeAt(0) === 10 ? 1 : 0);
        if (this.status) this.expect = this.status === 'R' || this.status === 'C' ? 'from' : 'path';
    }
  }

  /** Pushes every field, then takes the commits completed so far. */
  pushAll(fields: readonly string[]): LogCommit[] {
    for (const field of fields) this.push(field);
    return this.take();
  }

  /** The commits completed so far. */
  take(): LogCommit[] {
    const done = this.done;
    this.done = [];
    return done;
  }

  finish(): LogCommit[] {
    if (this.current) this.done.push(this.current);
    this.current = null;
    return this.take();
  }

  private startCommit(field: string): void {
    if (this.current) this.done.push(this.current);
    const [sha = '', ...parents] = field.slice(1).trim().split(' ');
    this.current = { sha, parents: parents.filter(Boolean), message: '', changes: [] };
    this.expect = 'message';
  }
}
