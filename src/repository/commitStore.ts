import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bump } from '../commits/bump.js';
import { CommitArray, type CommitList, type CommitSink } from '../plan/commitList.js';
import type { PlanCommit } from '../plan/types.js';

/**
 * The commits a plan counts, kept where the history reader and its cache can reach them: each as a
 * JSON line, the form the history cache stores them in, so that cached commits are copied, not parsed.
 */
export interface CommitStore extends CommitSink {
  readonly count: number;
  /** Keeps a commit given as its JSON line's bytes (as `contents` gives them, without the newline) and the bump it asks for; returns its number. */
  addLine(line: Buffer, bump: Bump | null): number;
  /** Every commit's JSON line, in number order, each ending in a newline, in pieces cut anywhere; a piece may be reused once the next is asked for. */
  contents(): Iterable<Buffer>;
  /** Each commit's bump, in number order: one character each (see bumpCode). */
  bumpCodes(): string;
  /** Forgets the commits from number `count` on. */
  truncate(count: number): void;
}

/** A file for the commits; in memory when no file can be made (a read-only or full temporary folder). */
export function openCommitStore(): CommitStore {
  return CommitFile.open() ?? new CommitMemory();
}

const BUMP_CODES = '.pmM';
const BUMPS: (Bump | null)[] = [null, 'patch', 'minor', 'major'];

/** A bump as one character: `.` none, `p` patch, `m` minor, `M` major. */
export function bumpCode(bump: Bump | null): string {
  return BUMP_CODES[BUMPS.indexOf(bump)] as string;
}

/** The bump a character of bumpCode stands for; undefined for any other character. */
export function bumpOfCode(code: string): Bump | null | undefined {
  const i = BUMP_CODES.indexOf(code);
  return code.length === 1 && i !== -1 ? BUMPS[i] : undefined;
}

/** Commits in memory, with the lines they would be stored as. */
class CommitMemory extends CommitArray implements CommitStore {
  get count(): number {
    return this.commits.length;
  }

  addLine(line: Buffer): number {
    return this.add(JSON.parse(line.toString()) as PlanCommit);
  }

  *contents(): Iterable<Buffer> {
    for (const commit of this.commits) yield Buffer.from(`${JSON.stringify(commit)}\n`);
  }

  bumpCodes(): string {
    return this.commits.map((c) => bumpCode(c.bump)).join('');
  }

  truncate(count: number): void {
    this.commits.length = Math.min(count, this.commits.length);
  }
}

/** Bytes written, or read, at once. */
const PIECE = 64 * 1024;
/** Pieces kept once read: 1 MiB at most, the lines of some 4,000 commits. */
const READ_PIECES = 16;
/** Entries in a column's chunk: the columns grow a chunk at a time, and are never copied. */
const CHUNK = 64 * 1024;
const NEWLINE = Buffer.of(10);

const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
});

/**
 * The commits in a temporary file, removed as soon as it is open (the descriptor keeps it until the
 * process ends or the store is collected). In memory a commit takes where its line starts and its
 * bump: 9 bytes, against some 200 as an object with its strings.
 */
class CommitFile implements CommitStore {
  private readonly starts: Float64Array[] = [];
  private readonly bumps: Uint8Array[] = [];
  count = 0;
  /** Bytes of all lines, written and waiting. */
  private size = 0;
  private written = 0;
  /** Lines not written yet: the bytes from `written` to `size`. */
  private readonly waiting = Buffer.alloc(PIECE);
  /**
   * Pieces of the file once read, by their number (the file's bytes from number × PIECE): a plan reads
   * each package's commits in turn, spread over the file among the others', so the same pieces are
   * wanted again and again. The first READ_PIECES read are kept, whatever the length of the history;
   * any other is read into `scratch`.
   */
  private readonly kept = new Map<number, Buffer>();
  private scratch: { number: number; bytes: Buffer } | null = null;

  private constructor(private readonly fd: number) {
    closeWhenCollected.register(this, fd);
  }

  static open(): CommitFile | null {
    const file = path.join(tmpdir(), `relman-commits-${process.pid}-${randomUUID()}`);
    let fd: number;
    try {
      fd = openSync(file, 'wx+', 0o600);
    } catch {
      return null;
    }
    try {
      unlinkSync(file);
    } catch {
      // Where an open file cannot be removed, it goes when relman ends.
      process.once('exit', () => rmSync(file, { force: true }));
    }
    return new CommitFile(fd);
  }

  add(commit: PlanCommit): number {
    return this.addLine(Buffer.from(JSON.stringify(commit)), commit.bump);
  }

  addLine(line: Buffer, bump: Bump | null): number {
    const n = this.count++;
    if (n % CHUNK === 0 && n / CHUNK === this.starts.length) {
      this.starts.push(new Float64Array(CHUNK));
      this.bumps.push(new Uint8Array(CHUNK));
    }
    (this.starts[(n / CHUNK) | 0] as Float64Array)[n % CHUNK] = this.size;
    (this.bumps[(n / CHUNK) | 0] as Uint8Array)[n % CHUNK] = BUMPS.indexOf(bump);
    if (this.size - this.written + line.length + 1 > this.waiting.length) this.flush();
    if (line.length + 1 > this.waiting.length) {
      this.write(line);
      this.write(NEWLINE);
    } else {
      line.copy(this.waiting, this.size - this.written);
      this.waiting[this.size - this.written + line.length] = 10;
    }
    this.size += line.length + 1;
    return n;
  }

  list(numbers: Uint32Array): CommitList {
    const store = this;
    return {
      length: numbers.length,
      *bumps() {
        for (const n of numbers) yield store.bump(n);
      },
      *[Symbol.iterator]() {
        for (const n of numbers) yield JSON.parse(store.line(n)) as PlanCommit;
      },
    };
  }

  *contents(): Iterable<Buffer> {
    this.flush();
    const piece = Buffer.alloc(PIECE);
    for (let at = 0; at < this.written; ) {
      const got = readSync(this.fd, piece, 0, Math.min(piece.length, this.written - at), at);
      if (got === 0) throw new Error(`relman's commit file ends at byte ${at}, before ${this.written}`);
      at += got;
      yield piece.subarray(0, got);
    }
  }

  bumpCodes(): string {
    // Written into bytes: a string grown a character at a time is a chain of a million pieces.
    const codes = Buffer.alloc(this.count);
    for (let n = 0; n < this.count; n++) codes[n] = BUMP_CODES.charCodeAt(this.bumpIndex(n));
    return codes.toString('latin1');
  }

  truncate(count: number): void {
    if (count >= this.count) return;
    this.flush();
    this.size = this.written = this.start(count);
    this.count = count;
    this.kept.clear();
    this.scratch = null;
  }

  /** Commit n's line, from the piece of the file that holds it; a line across two pieces is read on its own. */
  private line(n: number): string {
    const from = this.start(n);
    const to = this.end(n);
    if (to > this.written) this.flush();
    const number = Math.floor(from / PIECE);
    if (Math.floor(to / PIECE) !== number) return this.read(from, to - from, n).toString('utf8');
    let piece = this.kept.get(number);
    if (!piece && this.kept.size < READ_PIECES) this.kept.set(number, (piece = this.read(number * PIECE, PIECE, n)));
    if (!piece) {
      if (this.scratch?.number !== number) this.scratch = { number, bytes: this.read(number * PIECE, PIECE, n, this.scratch?.bytes) };
      piece = this.scratch.bytes;
    }
    return piece.toString('utf8', from - number * PIECE, to - number * PIECE);
  }

  /** Up to `length` bytes of the file from `at`, as far as it is written, into `into` or a new buffer; commit n must end within them. */
  private read(at: number, length: number, n: number, into: Buffer = Buffer.alloc(length)): Buffer {
    const got = readSync(this.fd, into, 0, Math.min(length, this.written - at), at);
    if (at + got < this.end(n)) throw new Error(`relman's commit file ends at byte ${at + got}, before commit ${n} does`);
    return into;
  }

  /** Where commit n's line ends, before its newline. */
  private end(n: number): number {
    return (n + 1 < this.count ? this.start(n + 1) : this.size) - 1;
  }

  private start(n: number): number {
    return (this.starts[(n / CHUNK) | 0] as Float64Array)[n % CHUNK] as number;
  }

  private bump(n: number): Bump | null {
    return BUMPS[this.bumpIndex(n)] as Bump | null;
  }

  /** Commit n's bump as kept: its place in BUMPS (and in BUMP_CODES). */
  private bumpIndex(n: number): number {
    return (this.bumps[(n / CHUNK) | 0] as Uint8Array)[n % CHUNK] as number;
  }

  /** Writes the waiting lines. */
  private flush(): void {
    this.write(this.waiting.subarray(0, this.size - this.written));
  }

  private write(bytes: Buffer): void {
    // The piece being written to was read shorter than it will be.
    const growing = Math.floor(this.written / PIECE);
    this.kept.delete(growing);
    if (this.scratch?.number === growing) this.scratch = null;
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
  }
}
