import { isAscii } from 'node:buffer';
import { git, gitRecords } from './run.js';

export interface GitTag {
  name: string;
  /** The commit the tag points at (peeled through an annotated tag object). */
  commit: string;
  annotated: boolean;
  /** Whether the commit is in HEAD's history: false as the ref store lists tags, then set by TagList.markMerged. */
  merged: boolean;
}

/**
 * The repository's tags as columns: a long-lived monorepo has tens of thousands, and an object and a
 * string for each would make relman's memory grow with the number of releases. A tag is made into a
 * GitTag only when asked for (`at`), and names are compared without decoding them (`isNamed`).
 */
export class TagList implements Iterable<GitTag> {
  /** Made by TagListBuilder. */
  constructor(
    /** The names' UTF-8 bytes, in blocks as they were written; tag i's are at offsets[i] to offsets[i + 1] of the whole. */
    private readonly nameBlocks: readonly Buffer[],
    /** Where each block starts in the whole; a name never spans two blocks. */
    private readonly blockStarts: readonly number[],
    private readonly offsets: Uint32Array,
    /** Per tag, an index into `commitIds`: thousands of tags name far fewer commits. */
    private readonly commitOf: Uint32Array,
    private readonly commitIds: string[],
    /** Per tag: bit 0 annotated, bit 1 in HEAD's history. */
    private readonly flags: Uint8Array,
  ) {}

  static from(tags: Iterable<GitTag>): TagList {
    const builder = new TagListBuilder();
    for (const tag of tags) builder.add(Buffer.from(tag.name), tag.commit, tag.annotated, tag.merged);
    return builder.done();
  }

  get length(): number {
    return this.commitOf.length;
  }

  at(i: number): GitTag {
    return { name: this.name(i), commit: this.commit(i), annotated: (this.flag(i) & ANNOTATED) !== 0, merged: this.merged(i) };
  }

  name(i: number): string {
    const { block, from, to } = this.nameAt(i);
    return block.toString('utf8', from, to);
  }

  /** Whether tag i is named `name` (as UTF-8 bytes). */
  isNamed(i: number, name: Buffer): boolean {
    const { block, from, to } = this.nameAt(i);
    return to - from === name.length && block.compare(name, 0, name.length, from, to) === 0;
  }

  commit(i: number): string {
    return this.commitIds[this.commitOf[i] as number] as string;
  }

  merged(i: number): boolean {
    return (this.flag(i) & MERGED) !== 0;
  }

  /** The commits the tags name, each once. */
  commits(): readonly string[] {
    return this.commitIds;
  }

  /** Sets, for every tag, whether HEAD's history holds it: `reaches` is asked once per commit. */
  markMerged(reaches: (commit: string) => boolean): void {
    const merged = this.commitIds.map(reaches);
    for (let i = 0; i < this.flags.length; i++) {
      const flag = this.flag(i) & ~MERGED;
      this.flags[i] = merged[this.commitOf[i] as number] ? flag | MERGED : flag;
    }
  }

  *[Symbol.iterator](): Iterator<GitTag> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  private flag(i: number): number {
    return this.flags[i] as number;
  }

  /** Tag i's name: its block, and where in the block. */
  private nameAt(i: number): { block: Buffer; from: number; to: number } {
    const start = this.offsets[i] as number;
    // The last block that starts at or before the name (a few dozen blocks for tens of thousands of tags).
    let lo = 0;
    for (let hi = this.blockStarts.length - 1; lo < hi; ) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.blockStarts[mid] as number) <= start) lo = mid;
      else hi = mid - 1;
    }
    const base = this.blockStarts[lo] as number;
    return { block: this.nameBlocks[lo] as Buffer, from: start - base, to: (this.offsets[i + 1] as number) - base };
  }
}

const ANNOTATED = 1;
const MERGED = 2;

/**
 * Fills a TagList's columns a tag at a time: numbers in arrays that double, names in blocks that the
 * list keeps as they are. Nothing is copied once more at the end: tens of thousands of tags' copies
 * would wait for a full collection to be freed, at the height of relman's run.
 */
class TagListBuilder {
  private readonly blocks: Buffer[] = [];
  private readonly blockStarts: number[] = [];
  private block = Buffer.alloc(0);
  private used = 0;
  private size = 0;
  private offsets = new Uint32Array(256);
  private commitOf = new Uint32Array(256);
  private flags = new Uint8Array(256);
  private count = 0;
  private readonly commitIndex = new Map<string, number>();
  private readonly commitIds: string[] = [];

  add(name: Buffer, commit: string, annotated: boolean, merged = false): void {
    this.addName(name);
    this.target(commit, annotated, merged);
  }

  /** Starts the next tag: its name, copied; `target` says what it names. */
  addName(name: Buffer): void {
    if (this.count + 2 > this.offsets.length) {
      this.offsets = grown(this.offsets, new Uint32Array(this.offsets.length * 2));
      this.commitOf = grown(this.commitOf, new Uint32Array(this.commitOf.length * 2));
      this.flags = grown(this.flags, new Uint8Array(this.flags.length * 2));
    }
    if (this.used + name.length > this.block.length) {
      if (this.used > 0) {
        this.blocks.push(this.block.subarray(0, this.used));
        this.blockStarts.push(this.size - this.used);
      }
      this.block = Buffer.alloc(Math.max(NAME_BLOCK, name.length));
      this.used = 0;
    }
    this.offsets[this.count] = this.size;
    this.used += name.copy(this.block, this.used);
    this.size += name.length;
    this.offsets[this.count + 1] = this.size;
    this.count++;
  }

  /** Whether the tag last started is named `name`. */
  lastNamed(name: Buffer): boolean {
    if (this.count === 0) return false;
    const length = (this.offsets[this.count] as number) - (this.offsets[this.count - 1] as number);
    // The name was copied into the current block, whole.
    return length === name.length && this.block.compare(name, 0, name.length, this.used - length, this.used) === 0;
  }

  /** What the tag last started names. */
  target(commit: string, annotated: boolean, merged = false): void {
    let c = this.commitIndex.get(commit);
    if (c === undefined) {
      c = this.commitIds.push(commit) - 1;
      this.commitIndex.set(commit, c);
    }
    this.commitOf[this.count - 1] = c;
    this.flags[this.count - 1] = (annotated ? ANNOTATED : 0) | (merged ? MERGED : 0);
  }

  done(): TagList {
    const n = this.count;
    const blocks = [...this.blocks, this.block.subarray(0, this.used)];
    const starts = [...this.blockStarts, this.size - this.used];
    return new TagList(blocks, starts, this.offsets.subarray(0, n + 1), this.commitOf.subarray(0, n), this.commitIds, this.flags.subarray(0, n));
  }
}

const NAME_BLOCK = 64 * 1024;

function grown<T extends Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Every tag and the commit it names (peeled through annotated tag objects): one git call, read as it
 * streams. `git show-ref -d` takes peeled ids from packed-refs, where git keeps them, instead of
 * reading every tag object as `for-each-ref` does: ten times faster over tens of thousands of tags.
 * It prints `id refs/tags/NAME`, then `peeled refs/tags/NAME^{}` when the tag is annotated.
 */
export async function readTagRefs(root: string): Promise<TagList> {
  const tags = new TagListBuilder();
  // The id on the last tag's line: its commit, unless the next line gives the commit it peels to.
  let pending: string | null = null;
  // show-ref exits 1 when there is no tag at all.
  for await (const records of gitRecords(['show-ref', '--tags', '--dereference'], { cwd: root, okCodes: [1] })) {
    for (const record of records) {
      // Compared in place: tens of thousands of lines, each cut into views, showed in profiles.
      const space = record.indexOf(32);
      // Buffer.compare throws where the range runs past the record.
      if (space === -1 || record.length < space + 1 + TAGS.length || TAGS.compare(record, space + 1, space + 1 + TAGS.length) !== 0) continue;
      const id = record.toString('latin1', 0, space);
      const ref = record.subarray(space + 1 + TAGS.length);
      if (ref.length >= PEELED.length && PEELED.compare(ref, ref.length - PEELED.length) === 0) {
        if (pending !== null && tags.lastNamed(utf8Name(ref.subarray(0, -PEELED.length)))) {
          tags.target(id, true);
          pending = null;
        }
        continue;
      }
      if (pending !== null) tags.target(pending, false);
      tags.addName(utf8Name(ref));
      pending = id;
    }
  }
  if (pending !== null) tags.target(pending, false);
  return tags.done();
}

const TAGS = Buffer.from('refs/tags/');
const PEELED = Buffer.from('^{}');

/** A name's bytes as relman reads them: bytes that are not UTF-8 read as U+FFFD, as when decoded. */
function utf8Name(bytes: Buffer): Buffer {
  return isAscii(bytes) ? bytes : Buffer.from(bytes.toString('utf8'));
}

/**
 * The commits of the tags in `head`'s history (a walk of the whole history). Whether HEAD reaches a
 * tag depends only on its commit, and a repository's thousands of tags name far fewer commits.
 */
export async function mergedTagCommits(root: string, head: string): Promise<Set<string>> {
  const commits = new Set<string>();
  // for-each-ref peels a tag one level; a tag of a tag (rare) is peeled to its commit afterwards.
  const nested: string[] = [];
  const args = ['for-each-ref', '--merged', head, '--format=%(if)%(*objectname)%(then)%(*objecttype) %(*objectname)%(else)%(objecttype) %(objectname)%(end)', 'refs/tags'];
  for await (const records of gitRecords(args, { cwd: root })) {
    for (const record of records) {
      const space = record.indexOf(32);
      if (space === -1) continue;
      if (COMMIT.compare(record, 0, space) === 0) commits.add(record.toString('latin1', space + 1));
      else if (TAG.compare(record, 0, space) === 0) nested.push(record.toString('latin1', space + 1));
    }
  }
  if (nested.length) {
    const peeled = await git(['cat-file', '--batch-check=%(objecttype) %(objectname)'], { cwd: root, input: nested.map((id) => `${id}^{commit}\n`).join('') });
    for (const line of peeled.stdout.split('\n')) if (line.startsWith('commit ')) commits.add(line.slice('commit '.length));
  }
  return commits;
}

const COMMIT = Buffer.from('commit');
const TAG = Buffer.from('tag');

/** Creates an annotated tag on a commit; the message is kept as written (`#` lines are Markdown headings, not comments). */
export async function createTag(root: string, name: string, commit: string, message: string): Promise<void> {
  await git(['tag', '-a', '--cleanup=whitespace', '-F', '-', '--', name, commit], { cwd: root, input: message });
}
