import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CommitRecord } from '../plan/attribute.js';

/**
 * The history cache: the commit records of one history (newest first, in the order `git log
 * --topo-order` gives them), so that a later run reads from git only the commits made since.
 *
 * A record is what a commit always is under one package layout (its parents, the packages its files
 * belong to, its message), so the cache is keyed by commit id and by a hash of the layout; what
 * depends on the tags is recomputed on every run. Deleting the file is always safe.
 *
 * Beside the records the file keeps what they gave at `head` (the result block: lines of JSON, opaque
 * here), so that a run whose tags are where they were need not read the records at all.
 *
 * The file is blocks of `u32 length | sha1 of payload | payload`; the payload's first byte is its kind.
 * A header block (JSON) comes first; record blocks (`u32 count`, then records) follow; then the
 * result block (JSON lines); the end block, last, holds the number of records and where the result block
 * starts. A record is `sha | varint n | n parent shas | varint m | m package indexes | (when m > 0)
 * varint length | message`. A block whose checksum fails, or a file cut short, is a corrupt cache.
 */
const MAGIC = Buffer.from('relman history cache 3\n');
const BLOCK_HEADER = 24;
const BLOCK_TARGET = 64 * 1024;
/** No block comes near this (one holds 64 KiB of records and at most one longer commit message). */
const MAX_BLOCK = 256 * 1024 * 1024;
const KIND = { header: 1, records: 2, result: 3, end: 4 } as const;
/** The end block: kind, u32 record count, u48 offset of the result block. */
const END_BLOCK = BLOCK_HEADER + 11;

export interface CacheHeader {
  /** Hash of the package layout and settings the records were made under (see layoutKey). */
  layout: string;
  /** The commit the records start from: HEAD when they were written. */
  head: string;
  /** Tag commits `head` reached, and tag commits it did not, when the file was written. */
  reached: string[];
  unreached: string[];
}

export class CorruptCacheError extends Error {}

/** Reads a cache file block by block; records decode their message only when asked for it. */
export class HistoryCacheReader {
  private constructor(
    private readonly fd: number,
    private readonly recordsStart: number,
    readonly header: CacheHeader,
  ) {}

  /** The cache's header, or null when there is no readable cache file. */
  static open(file: string): HistoryCacheReader | null {
    let fd: number | null = null;
    try {
      fd = openSync(file, 'r');
      const magic = Buffer.alloc(MAGIC.length);
      if (readSync(fd, magic, 0, magic.length, 0) !== magic.length || !magic.equals(MAGIC)) return close(fd);
      const block = readBlock(fd, MAGIC.length);
      if (block?.payload[0] !== KIND.header) return close(fd);
      const header = JSON.parse(block.payload.toString('utf8', 1)) as CacheHeader;
      const valid = typeof header.layout === 'string' && /^[0-9a-f]{40,64}$/.test(header.head) && Array.isArray(header.reached) && Array.isArray(header.unreached);
      return valid ? new HistoryCacheReader(fd, block.next, header) : close(fd);
    } catch {
      return fd === null ? null : close(fd);
    }
  }

  /**
   * The records, newest first, a block's worth at a time. `onBlock` sees each raw record block before
   * its records, so that a writer can copy what was read. Throws on a bad block or a file cut short.
   */
  *records(onBlock?: (block: Buffer) => void): Generator<CommitRecord[]> {
    for (const block of this.recordBlocks()) {
      onBlock?.(block);
      yield decodeBlock(block, this.header.head.length / 2);
    }
  }

  /**
   * The record blocks as stored, checked but not decoded. With `reuse`, each block is read into the
   * same buffer, valid until the next one is asked for: copying a long history then takes no memory.
   */
  *recordBlocks(reuse = false): Generator<Buffer> {
    let count = 0;
    const scratch = reuse ? Buffer.alloc(2 * BLOCK_TARGET) : undefined;
    for (let offset = this.recordsStart; ; ) {
      const read = readBlock(this.fd, offset, scratch);
      if (!read) throw new CorruptCacheError('the cache file ends before its end block');
      offset = read.next;
      const block = read.payload;
      if (block[0] === KIND.result) continue;
      if (block[0] === KIND.end) {
        if (block.readUInt32LE(1) !== count) throw new CorruptCacheError('the cache file lost records');
        return;
      }
      if (block[0] !== KIND.records) throw new CorruptCacheError('unknown block');
      count += block.readUInt32LE(1);
      yield block;
    }
  }

  /**
   * Hands each of the result block's lines, in order and without its newline, to `each` (read from
   * where the end block says), and tells whether the block was whole and sound: when it was not, or
   * `each` returned false or threw, the lines handed out are to be dropped. The block is read a piece
   * at a time, so that a long history's result is never held as one buffer, one string or one array:
   * a line's bytes are valid only during the call they are handed to.
   */
  result(each: (line: Buffer) => boolean): boolean {
    try {
      const end = readBlock(this.fd, fstatSync(this.fd).size - END_BLOCK);
      if (end?.payload[0] !== KIND.end || end.payload.length !== END_BLOCK - BLOCK_HEADER) return false;
      const at = end.payload.readUIntLE(5, 6);
      const head = readBlockHeader(this.fd, at);
      if (!head) return false;
      const hash = createHash('sha1');
      let kind: number | undefined;
      let partial: Buffer | null = null;
      for (const read of readPieces(this.fd, at + BLOCK_HEADER, head.length)) {
        hash.update(read);
        // The kind byte comes first; the lines follow it.
        const lines = kind === undefined ? read.subarray(1) : read;
        kind ??= read[0];
        if (kind !== KIND.result) return false;
        const piece: Buffer = partial ? Buffer.concat([partial, lines]) : lines;
        let start = 0;
        for (let nl = piece.indexOf(10); nl !== -1; nl = piece.indexOf(10, start)) {
          if (!each(piece.subarray(start, nl))) return false;
          start = nl + 1;
        }
        partial = start < piece.length ? Buffer.from(piece.subarray(start)) : null;
      }
      return kind === KIND.result && hash.digest().equals(head.digest) && !partial;
    } catch {
      return false;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

function decodeBlock(block: Buffer, hashBytes: number): CommitRecord[] {
  const input = { block, at: 5 };
  const records: CommitRecord[] = [];
  for (let n = block.readUInt32LE(1); n > 0; n--) {
    const sha = hex(input, hashBytes);
    const parents: string[] = [];
    for (let p = varint(input); p > 0; p--) parents.push(hex(input, hashBytes));
    const packages: number[] = [];
    for (let m = varint(input); m > 0; m--) packages.push(varint(input));
    let message = noMessage;
    if (packages.length) {
      const length = varint(input);
      const from = input.at;
      const end = from + length;
      if (end > block.length) throw new CorruptCacheError('a record runs past its block');
      input.at = end;
      message = () => block.toString('utf8', from, end);
    }
    records.push({ sha, parents, packages, message });
  }
  if (input.at !== block.length) throw new CorruptCacheError('a block holds more than its records');
  return records;
}

const noMessage = (): string => '';

/**
 * The block at `offset`, checked against its checksum, and where the next one starts; null at the end
 * of the file. The payload is read into `scratch` when it fits.
 */
function readBlock(fd: number, offset: number, scratch?: Buffer): { payload: Buffer; next: number } | null {
  const head = readBlockHeader(fd, offset);
  if (!head) return null;
  const { length } = head;
  const payload = scratch && length <= scratch.length ? scratch.subarray(0, length) : Buffer.alloc(length);
  if (readSync(fd, payload, 0, payload.length, offset + BLOCK_HEADER) !== payload.length) throw new CorruptCacheError('a block is cut short');
  if (!sha1(payload).equals(head.digest)) throw new CorruptCacheError('a block fails its checksum');
  return { payload, next: offset + BLOCK_HEADER + payload.length };
}

function readBlockHeader(fd: number, offset: number): { length: number; digest: Buffer } | null {
  const head = Buffer.alloc(BLOCK_HEADER);
  const got = readSync(fd, head, 0, BLOCK_HEADER, offset);
  if (got === 0) return null;
  if (got !== BLOCK_HEADER) throw new CorruptCacheError('a block header is cut short');
  const length = head.readUInt32LE(0);
  if (length > MAX_BLOCK) throw new CorruptCacheError('a block is too long');
  return { length, digest: head.subarray(4) };
}

/** `length` bytes of the file from `offset`, a buffer's worth at a time (the same buffer each time). */
function* readPieces(fd: number, offset: number, length: number): Generator<Buffer> {
  const buffer = Buffer.alloc(BLOCK_TARGET);
  for (let done = 0; done < length; ) {
    const got = readSync(fd, buffer, 0, Math.min(buffer.length, length - done), offset + done);
    if (got === 0) throw new CorruptCacheError('a block is cut short');
    done += got;
    yield buffer.subarray(0, got);
  }
}

/**
 * Writes a cache file beside its final name and moves it into place only when complete, so a reader
 * never sees half a file and concurrent writers leave one whole file. Best effort: a failure to write
 * (a read-only repository, a full disk) leaves no file and is not an error.
 */
export class HistoryCacheWriter {
  private fd: number | null = null;
  private readonly temp: string;
  /** The record block being filled: kind, record count, then records from byte 5. */
  private block = Buffer.alloc(2 * BLOCK_TARGET);
  private size = 5;
  private blockCount = 0;
  /** Records and bytes already written. */
  private count = 0;
  private written = 0;
  private readonly hashBytes: number;

  constructor(
    private readonly file: string,
    header: CacheHeader,
  ) {
    this.temp = `${file}.${process.pid}.tmp`;
    this.hashBytes = header.head.length / 2;
    this.attempt(() => {
      mkdirSync(path.dirname(file), { recursive: true });
      this.fd = openSync(this.temp, 'w');
      this.written = writeSync(this.fd, MAGIC);
      this.writeBlock(Buffer.concat([Buffer.of(KIND.header), Buffer.from(JSON.stringify(header))]));
    });
  }

  add(record: CommitRecord): void {
    if (this.fd === null) return;
    const message = record.packages.length ? record.message() : '';
    const messageBytes = Buffer.byteLength(message);
    const most = this.hashBytes * (1 + record.parents.length) + 5 * (3 + record.packages.length) + messageBytes;
    if (this.size + most > this.block.length) {
      this.flush();
      if (5 + most > this.block.length) this.block = Buffer.alloc(5 + most);
    }
    const out = { block: this.block, at: this.size };
    if (!writeHex(out, record.sha, this.hashBytes)) return this.fail();
    writeVarint(out, record.parents.length);
    for (const parent of record.parents) if (!writeHex(out, parent, this.hashBytes)) return this.fail();
    writeVarint(out, record.packages.length);
    for (const i of record.packages) writeVarint(out, i);
    if (record.packages.length) {
      writeVarint(out, messageBytes);
      out.at += this.block.write(message, out.at, 'utf8');
    }
    this.size = out.at;
    this.blockCount++;
    if (this.size >= BLOCK_TARGET) this.flush();
  }

  /** Copies a record block read from another cache file (see HistoryCacheReader.records). */
  addBlock(block: Buffer): void {
    if (this.fd === null) return;
    this.flush();
    this.attempt(() => this.writeBlock(block));
    this.count += block.readUInt32LE(1);
  }

  /**
   * Finishes the file with what the records gave — lines, each ending in a newline, in pieces cut
   * anywhere (a piece may be reused once the next is asked for); HistoryCacheReader.result reads them
   * back — and moves it into place.
   */
  commit(result: Iterable<Buffer>): void {
    if (this.fd === null) return;
    this.flush();
    const end = Buffer.alloc(END_BLOCK - BLOCK_HEADER);
    end[0] = KIND.end;
    end.writeUInt32LE(this.count, 1);
    end.writeUIntLE(this.written, 5, 6);
    this.attempt(() => {
      this.writeResultBlock(result);
      this.writeBlock(end);
      closeSync(this.fd as number);
      this.fd = null;
      renameSync(this.temp, this.file);
    });
  }

  /** Leaves no file behind. */
  abandon(): void {
    this.fail();
  }

  private flush(): void {
    if (this.fd === null || this.blockCount === 0) return;
    this.block[0] = KIND.records;
    this.block.writeUInt32LE(this.blockCount, 1);
    const payload = this.block.subarray(0, this.size);
    this.count += this.blockCount;
    this.size = 5;
    this.blockCount = 0;
    this.attempt(() => this.writeBlock(payload));
  }

  /** The result block, written as its pieces come, its header filled in once the payload is known. */
  private writeResultBlock(result: Iterable<Buffer>): void {
    const fd = this.fd as number;
    const headAt = this.written;
    const hash = createHash('sha1');
    let length = 0;
    this.written += BLOCK_HEADER;
    const put = (piece: Buffer) => {
      hash.update(piece);
      length += piece.length;
      for (let done = 0; done < piece.length; ) done += writeSync(fd, piece, done, piece.length - done, this.written + done);
      this.written += piece.length;
    };
    put(Buffer.of(KIND.result));
    for (const piece of result) put(piece);
    writeSync(fd, blockHeader(length, hash.digest()), 0, BLOCK_HEADER, headAt);
  }

  private writeBlock(payload: Buffer): void {
    const head = blockHeader(payload.length, sha1(payload));
    this.written += writeSync(this.fd as number, head, 0, head.length, this.written);
    this.written += writeSync(this.fd as number, payload, 0, payload.length, this.written);
  }

  private attempt(write: () => void): void {
    try {
      write();
    } catch {
      this.fail();
    }
  }

  private fail(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.temp, { force: true });
  }
}

/** `u32 length | sha1 of payload`, what comes before every block's payload. */
function blockHeader(length: number, digest: Buffer): Buffer {
  const head = Buffer.alloc(BLOCK_HEADER);
  head.writeUInt32LE(length, 0);
  digest.copy(head, 4);
  return head;
}

function close(fd: number): null {
  closeSync(fd);
  return null;
}

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}

interface Input {
  block: Buffer;
  at: number;
}

function hex(input: Input, bytes: number): string {
  const end = input.at + bytes;
  if (end > input.block.length) throw new CorruptCacheError('a record runs past its block');
  const text = input.block.toString('hex', input.at, end);
  input.at = end;
  return text;
}

function varint(input: Input): number {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = input.block[input.at++];
    if (byte === undefined) throw new CorruptCacheError('a record runs past its block');
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value;
  }
  throw new CorruptCacheError('a number is too long');
}

/** Writes a commit id as bytes; false when it is not one (not hex, or another length). */
function writeHex(out: Input, id: string, bytes: number): boolean {
  if (id.length !== 2 * bytes || out.block.write(id, out.at, 'hex') !== bytes) return false;
  out.at += bytes;
  return true;
}

function writeVarint(out: Input, value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.block[out.at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out.block[out.at++] = v;
}
