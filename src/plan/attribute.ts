import picomatch from 'picomatch';
import type { NonConventionalBump } from '../commits/bump.js';
import type { LogCommit } from '../git/log.js';
import { ownCopy } from '../text/ownCopy.js';
import type { Package } from '../workspace/types.js';
import { CommitArray, type CommitSink } from './commitList.js';
import { planCommit } from './planCommit.js';

export interface AttributionOptions {
  /** Per package (by name): the commit of its latest final tag and of its latest tag of any kind in HEAD's history. */
  boundaries: Map<string, { final: string | null; latest: string | null }>;
  /** Globs of files that belong to no package. */
  exclude: string[];
  nonConventional: NonConventionalBump;
  /** Tells a release commit (relman's or earlier tooling's), which never counts as a change. */
  isReleaseCommit: (message: string) => boolean;
}

/**
 * A commit as attribution needs it, whatever the tags: its parents, the packages whose files it
 * changes, and its message. The same commit always gives the same record under the same package
 * layout, so records can be kept across runs (see repository/historyCache.ts).
 */
export interface CommitRecord {
  sha: string;
  parents: string[];
  /** Indexes into the package list; empty for a merge commit, which counts only through the commits it brings. */
  packages: number[];
  /** Read only for the commits that count, so a cached record can decode it on demand. */
  message: () => string;
}

type Matcher = (path: string) => boolean;

const PATH_CACHE_LIMIT = 50_000;

/** One package's commits since its latest final release, as numbers in the attribution's CommitSink, newest first. */
export interface AttributedCommits {
  numbers: Uint32Array;
  /** How many of them came after the package's latest tag of any kind (final or candidate). */
  sinceLatestTag: number;
}

/** AttributedCommits as they are found: `numbers` grows by doubling, and holds `count` of them. */
interface GrowingCommits {
  numbers: Uint32Array;
  count: number;
  sinceLatestTag: number;
}

/**
 * Attributes commits, streamed newest first in topological order, to the packages whose files they
 * touch — a file belongs to the deepest package folder containing it, or to the packages whose `paths`
 * globs match it — and keeps, per package, only the commits its latest final tag does not reach.
 *
 * Reachability is carried down the graph as it streams: each commit passes to its parents the set of
 * tags that reach it, so one `git log` answers for every package at once, and once every commit still
 * to come is reached by every package's final tag (`complete`), the rest of the history can go unread.
 * Renames seen on the way are followed backwards, so a package whose folder moved keeps the commits
 * made under its old name.
 */
export class CommitAttributor {
  private readonly folders = new Map<string, number>();
  private readonly explicit: { index: number; match: Matcher }[] = [];
  private readonly excluded = new Map<number, Matcher>();
  private readonly globalExclude: Matcher;
  private readonly byFolderOnly: boolean;
  private readonly pathCache = new Map<string, number[]>();
  /** Tag marks set at each tag commit: bit 2i = package i's final tag, bit 2i+1 = its latest tag. */
  private readonly marks = new Map<string, Uint32Array>();
  /** The bits of every package's final tag; null when some package has none, so all history counts. */
  private readonly finalBits: Uint32Array | null;
  /** Parents of streamed commits not streamed yet, with the tags that reach them; shared and never mutated. */
  private readonly pending = new PendingCommits();
  /** How many pending commits some package's final tag does not reach yet. */
  private unreached = 0;
  private consumed = 0;
  private readonly histories: GrowingCommits[];
  private readonly words: number;
  /** Old folder names learned from renames; a layout with none is what a cached record was made under. */
  renamedFolders = 0;

  constructor(
    private readonly packages: Package[],
    private readonly options: AttributionOptions,
    /** Where the commits that count go (each is parsed once, and kept once). */
    private readonly commits: CommitSink = new CommitArray(),
  ) {
    this.words = Math.ceil((packages.length * 2) / 32) || 1;
    this.histories = packages.map(() => ({ numbers: new Uint32Array(16), count: 0, sinceLatestTag: 0 }));
    const finalBits = new Uint32Array(this.words);
    let allFinal = true;
    packages.forEach((pkg, i) => {
      if (pkg.paths?.length) this.explicit.push({ index: i, match: picomatch(pkg.paths, { dot: true }) });
      else this.folders.set(pkg.path, i);
      if (pkg.exclude?.length) this.excluded.set(i, picomatch(pkg.exclude, { dot: true }));
      const b = options.boundaries.get(pkg.name);
      if (b?.final) this.mark(b.final, 2 * i);
      else allFinal = false;
      if (b?.latest) this.mark(b.latest, 2 * i + 1);
      setBit(finalBits, 2 * i);
    });
    this.finalBits = allFinal && packages.length > 0 ? finalBits : null;
    // A package with `paths` still owns its folder for the deepest-folder rule, so that files
    // in it that its globs leave out belong to nobody rather than to a parent package.
    for (const { index } of this.explicit) {
      const path = (packages[index] as Package).path;
      if (!this.folders.has(path)) this.folders.set(path, index);
    }
    this.globalExclude = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
    this.byFolderOnly = this.explicit.length === 0 && this.excluded.size === 0 && options.exclude.length === 0;
  }

  consume(commits: LogCommit[]): void {
    for (const commit of commits) this.consumeRecord(this.classify(commit));
  }

  /** Whether every commit still to come is reached by every package's latest final tag, so none can count. */
  get complete(): boolean {
    return this.consumed > 0 && this.unreached === 0 && this.finalBits !== null;
  }

  /** How many commits the streamed ones name as parents and have not been streamed yet. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Per package, in the order given, its commits since its latest final release. */
  result(): AttributedCommits[] {
    return this.histories.map((h) => ({ numbers: h.numbers.slice(0, h.count), sinceLatestTag: h.sinceLatestTag }));
  }

  /** The packages a commit's files belong to; a rename also teaches the package's old folder name. */
  classify(commit: LogCommit): CommitRecord {
    const message = commit.message;
    const record = { sha: commit.sha, parents: commit.parents, packages: [] as number[], message: () => message };
    // A merge counts through the commits it brings, not on its own.
    if (commit.parents.length > 1) return record;
    const touched = new Set<number>();
    for (const change of commit.changes) {
      for (const i of this.indexesOf(change.path)) touched.add(i);
      if (change.from !== undefined) {
        for (const i of this.indexesOf(change.from)) touched.add(i);
        if (change.status === 'R') this.followRename(change.from, change.path);
      }
    }
    record.packages = [...touched];
    return record;
  }

  /**
   * Carries reachability to the commit's parents and adds the commit to the packages it counts for.
   * Returns whether the commit is in some package's range (some final tag does not reach it).
   */
  consumeRecord(record: CommitRecord): boolean {
    this.consumed++;
    let reach = this.take(record.sha);
    const mark = this.marks.get(record.sha);
    if (mark) reach = reach ? or(reach, mark) : mark;
    for (const parent of record.parents) this.carry(parent, reach);
    let kept = -1;
    for (const i of record.packages) {
      if (reach && hasBit(reach, 2 * i)) continue;
      if (kept === -1) {
        const message = record.message();
        if (this.options.isReleaseCommit(message)) break;
        kept = this.commits.add(planCommit(record.sha, message, this.options.nonConventional));
      }
      const history = this.histories[i] as GrowingCommits;
      // A typed array takes half the room of an array of numbers: a long history holds a million.
      if (history.count === history.numbers.length) {
        const grown = new Uint32Array(history.count * 2);
        grown.set(history.numbers);
        history.numbers = grown;
      }
      history.numbers[history.count++] = kept;
      if (!(reach && hasBit(reach, 2 * i + 1))) history.sinceLatestTag++;
    }
    return !this.reachedByAllFinals(reach);
  }

  /** The packages a file belongs to. */
  packagesOf(file: string): Package[] {
    return this.indexesOf(file).map((i) => this.packages[i] as Package);
  }

  private indexesOf(file: string): number[] {
    // Without globs a file's packages depend on its folder only: far fewer keys than files.
    const slash = file.lastIndexOf('/');
    const key = this.byFolderOnly ? (slash === -1 ? '' : file.slice(0, slash)) : file;
    const cached = this.pathCache.get(key);
    if (cached) return cached;
    let result: number[] = [];
    if (!this.globalExclude(file)) {
      result = this.explicit.filter((e) => e.match(file)).map((e) => e.index);
      if (result.length === 0) {
        const owner = this.deepestFolder(file);
        if (owner !== undefined && !this.packages[owner]?.paths?.length) result = [owner];
      }
      result = result.filter((i) => !this.excluded.get(i)?.(relativeTo((this.packages[i] as Package).path, file)));
    }
    // Bounded, so that a long history of distinct file names does not grow memory.
    if (this.pathCache.size >= PATH_CACHE_LIMIT) this.pathCache.clear();
    // A key cut from git's output would keep that output alive: a chunk of the log per folder.
    this.pathCache.set(ownCopy(key), result);
    return result;
  }

  private deepestFolder(file: string): number | undefined {
    let dir = file;
    for (let slash = dir.lastIndexOf('/'); slash !== -1; slash = dir.lastIndexOf('/')) {
      dir = dir.slice(0, slash);
      const owner = this.folders.get(dir);
      if (owner !== undefined) return owner;
    }
    return this.folders.get('.');
  }

  /** After `from` → `to` moved a package's file, older commits under the old folder belong to it too. */
  private followRename(from: string, to: string): void {
    const owner = this.deepestFolder(to);
    const pkg = owner === undefined ? undefined : this.packages[owner];
    if (owner === undefined || !pkg || pkg.path === '.' || pkg.paths?.length) return;
    const inside = to.slice(pkg.path.length + 1);
    if (!from.endsWith(`/${inside}`)) return;
    const oldFolder = from.slice(0, from.length - inside.length - 1);
    if (this.folders.has(oldFolder)) return;
    this.folders.set(oldFolder, owner);
    this.renamedFolders++;
    this.pathCache.clear();
  }

  /** Removes a commit from the pending set as it streams, returning the tags that reach it. */
  private take(sha: string): Uint32Array | null {
    const reach = this.pending.take(sha);
    if (reach === undefined) return null;
    if (!this.reachedByAllFinals(reach)) this.unreached--;
    return reach;
  }

  private carry(parent: string, reach: Uint32Array | null): void {
    const pending = this.pending.get(parent);
    const known = pending !== undefined;
    const prev = pending ?? null;
    const next = prev && reach ? or(prev, reach) : (prev ?? reach);
    if (known && next === prev) return;
    const before = known && !this.reachedByAllFinals(prev) ? 1 : 0;
    this.unreached += (this.reachedByAllFinals(next) ? 0 : 1) - before;
    this.pending.set(parent, next);
  }

  private reachedByAllFinals(reach: Uint32Array | null): boolean {
    const finals = this.finalBits;
    if (!finals || !reach) return false;
    for (let w = 0; w < finals.length; w++) {
      const bits = finals[w] as number;
      if (((reach[w] as number) & bits) !== bits) return false;
    }
    return true;
  }

  private mark(sha: string, bit: number): void {
    const words = this.marks.get(sha) ?? new Uint32Array(this.words);
    setBit(words, bit);
    this.marks.set(sha, words);
  }
}

const TAKEN = Symbol('taken');

/**
 * Commits named as parents and not streamed yet, with the tags that reach them. A commit that streams
 * is marked taken rather than deleted, and the map is rebuilt now and then: a Map reallocates its
 * table as entries come and go, and once V8 has moved that table to its old generation, every
 * reallocation lands there too, so one delete per commit grew the heap with the length of the history.
 */
class PendingCommits {
  private map = new Map<string, Uint32Array | null | typeof TAKEN>();
  private taken = 0;
  size = 0;

  get(sha: string): Uint32Array | null | undefined {
    const reach = this.map.get(sha);
    return reach === TAKEN ? undefined : reach;
  }

  set(sha: string, reach: Uint32Array | null): void {
    if (this.get(sha) === undefined) this.size++;
    this.map.set(sha, reach);
  }

  /** The tags that reach the commit, or undefined when it was not pending; it is pending no more. */
  take(sha: string): Uint32Array | null | undefined {
    const reach = this.get(sha);
    if (reach === undefined) return undefined;
    this.map.set(sha, TAKEN);
    this.size--;
    if (++this.taken >= 4096) {
      this.map = new Map([...this.map].filter(([, r]) => r !== TAKEN));
      this.taken = 0;
    }
    return reach;
  }
}

function relativeTo(folder: string, file: string): string {
  return folder === '.' ? file : file.slice(folder.length + 1);
}

function or(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a === b) return a;
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) | (b[i] ?? 0);
  return out;
}

function setBit(words: Uint32Array, bit: number): void {
  words[bit >>> 5] = (words[bit >>> 5] ?? 0) | (1 << (bit & 31));
}

function hasBit(words: Uint32Array, bit: number): boolean {
  return ((words[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
}
