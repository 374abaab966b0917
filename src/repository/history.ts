import { createHash } from 'node:crypto';
import { BUILD_ID } from '../buildId.js';
import type { Config } from '../config/schema.js';
import { LogParser, logFields, type LogCommit } from '../git/log.js';
import { mergedTagCommits, type TagList } from '../git/tags.js';
import { CommitAttributor, type AttributedCommits, type AttributionOptions, type CommitRecord } from '../plan/attribute.js';
import type { TagIndex } from '../plan/tagVersions.js';
import type { PackageHistory } from '../plan/types.js';
import type { Package } from '../workspace/types.js';
import { bumpOfCode, openCommitStore, type CommitStore } from './commitStore.js';
import { HistoryCacheReader, HistoryCacheWriter, type CacheHeader } from './historyCache.js';
import { releaseCommitFilter } from './releaseCommit.js';

export interface HistoryReading {
  histories: Map<string, PackageHistory>;
  /** Some package's range reaches a commit where a shallow clone's history is cut. */
  cutByShallowClone: boolean;
}

/** Fields (about five a commit) kept from a log started early, before anyone reads them; git waits beyond that. */
const PREFETCH_LIMIT = 250_000;
/** More new commits than this since the cache was written: reading all history again is as quick. */
const NEW_COMMITS_LIMIT = 20_000;
/** New commits a run reads from git before it writes the cache again for the current HEAD. */
const REWRITE_AFTER = 200;

/**
 * Reads HEAD's history for the planner, starting as soon as HEAD is known so that git walks the
 * history while relman reads manifests and tags.
 *
 * Cold, it streams `git log` over all of HEAD's history and stops as soon as every commit still to
 * come is reached by every package's latest final tag. Warm — a cache file (see historyCache.ts)
 * written at an earlier HEAD that the current one descends from — it reads from git only the commits
 * made since, then the cached records. Whenever the cache cannot answer exactly as git would (another
 * package layout, a HEAD that moved elsewhere, a rename in the new commits, a corrupt file), it reads
 * cold: the cache is never needed for a correct answer.
 */
export class HistoryReader {
  private log: LogPump | null = null;
  private merged: Promise<Set<string>> | null = null;
  /** Warm only: the new commits in the order git would stream them, once read. */
  private fresh: Promise<LogCommit[] | null> | null = null;

  private constructor(
    private readonly root: string,
    private readonly head: string,
    private readonly cacheFile: string | null,
    private cache: HistoryCacheReader | null,
  ) {
    if (cache) {
      this.fresh = this.readNewCommits(cache.header.head);
    } else {
      this.startLog();
      this.merged = mergedTagCommits(root, head);
      this.merged.catch(() => {}); // awaited, and reported, by tags()
    }
  }

  /** Starts reading; `cacheFile` null reads without a cache (a shallow clone, whose parents git hides). */
  static start(root: string, head: string, cacheFile: string | null): HistoryReader {
    return new HistoryReader(root, head, cacheFile, cacheFile ? HistoryCacheReader.open(cacheFile) : null);
  }

  /** Marks each tag with whether HEAD reaches it (in place: there may be tens of thousands): from the cache and the new commits when they can tell. */
  async tags(refs: TagList): Promise<TagList> {
    const fresh = await this.fresh;
    const header = this.cache?.header;
    let merged: (commit: string) => boolean;
    if (fresh && header) {
      const reached = new Set([...header.reached, ...fresh.map((c) => c.sha)]);
      const unreached = new Set(header.unreached);
      merged = (commit) => reached.has(commit);
      if (refs.commits().some((c) => !reached.has(c) && !unreached.has(c))) merged = await this.mergedByGit();
    } else {
      if (this.fresh) this.goCold();
      merged = await this.mergedByGit();
    }
    refs.markMerged(merged);
    return refs;
  }

  /** Each package's commits since its latest final tag; `shallowBoundary` are the commits a shallow clone is cut at. */
  async attribute(packages: Package[], tags: TagIndex, config: Config, shallowBoundary: ReadonlySet<string>): Promise<HistoryReading> {
    const boundaries = new Map<string, { final: string | null; latest: string | null }>();
    for (const pkg of packages) {
      const t = tags.packageTags(pkg.tagFormat, pkg.name);
      boundaries.set(pkg.name, { final: t.latestFinal?.tag.commit ?? null, latest: t.latest?.tag.commit ?? null });
    }
    const options: AttributionOptions = {
      boundaries,
      exclude: config.exclude,
      nonConventional: config.nonConventional,
      isReleaseCommit: releaseCommitFilter(config.releaseCommits),
    };
    const header = cacheHeader(layoutKey(packages, config), this.head, tags.tags);
    const fresh = await this.fresh;
    const warm = fresh && this.cache ? this.attributeWarm(packages, options, header, fresh, this.cache) : null;
    if (warm) return { histories: warm, cutByShallowClone: false };
    if (this.fresh) this.goCold();
    return this.attributeCold(packages, options, header, shallowBoundary);
  }

  /** Stops git and closes the cache; reading again needs a new reader. */
  close(): void {
    this.log?.stop();
    this.cache?.close();
    this.cache = null;
  }

  private startLog(): void {
    this.log = new LogPump(logFields(this.root, { from: [this.head], exclude: [] }));
  }

  private goCold(): void {
    this.log?.stop();
    this.cache?.close();
    this.cache = null;
    this.fresh = null;
    this.startLog();
  }

  private async mergedByGit(): Promise<(commit: string) => boolean> {
    const commits = await (this.merged ?? mergedTagCommits(this.root, this.head));
    return (commit) => commits.has(commit);
  }

  /** The commits since the cached HEAD, in git's order, or null when HEAD does not descend from it. */
  private async readNewCommits(cachedHead: string): Promise<LogCommit[] | null> {
    if (cachedHead === this.head) return [];
    const commits: LogCommit[] = [];
    this.log = new LogPump(logFields(this.root, { from: [this.head], exclude: [cachedHead] }));
    await this.log.drain((batch) => {
      commits.push(...batch);
      return commits.length <= NEW_COMMITS_LIMIT;
    });
    if (commits.length > NEW_COMMITS_LIMIT) return null;
    return orderAfter(this.head, commits, cachedHead);
  }

  private attributeWarm(packages: Package[], options: AttributionOptions, header: CacheHeader, fresh: LogCommit[], cache: HistoryCacheReader): Map<string, PackageHistory> | null {
    if (cache.header.layout !== header.layout) return null;
    const store = openCommitStore();
    const attributor = new CommitAttributor(packages, options, store);
    const records = fresh.map((c) => attributor.classify(c));
    // A new rename changes which package older commits belong to: their records no longer hold.
    if (attributor.renamedFolders > 0) return null;
    const boundaries = boundariesKey(packages, options);
    const stored = storedHistories(cache, boundaries, packages.length, store);
    if (stored) {
      // Tags where they were: no new commit is a boundary, so each counts for the packages it touches,
      // and the older commits count as they did.
      for (const record of records) attributor.consumeRecord(record);
      const attributed = joinHistories(attributor.result(), stored);
      if (records.length >= REWRITE_AFTER || !sameTagCommits(header, cache.header)) this.rewrite(header, records, cache, storedResult(boundaries, attributed, store));
      return histories(packages, attributed, store);
    }
    const writer = this.cacheFile ? new HistoryCacheWriter(this.cacheFile, header) : null;
    try {
      for (const record of records) {
        attributor.consumeRecord(record);
        writer?.add(record);
      }
      blocks: for (const block of attributor.complete ? [] : cache.records((raw) => writer?.addBlock(raw))) {
        for (const record of block) {
          attributor.consumeRecord(record);
          if (attributor.complete) break blocks;
        }
      }
    } catch {
      // A corrupt cache file: read git instead, and write a sound one.
      writer?.abandon();
      return null;
    }
    // The cached history ends before the packages' ranges do (a tag moved back): read git instead.
    if (!attributor.complete && attributor.waiting > 0) {
      writer?.abandon();
      return null;
    }
    const attributed = attributor.result();
    writer?.commit(storedResult(boundaries, attributed, store));
    return histories(packages, attributed, store);
  }

  /** A cache file for the current HEAD: the new records, then the cached ones as they are. */
  private rewrite(header: CacheHeader, records: CommitRecord[], cache: HistoryCacheReader, result: Iterable<Buffer>): void {
    if (!this.cacheFile) return;
    const writer = new HistoryCacheWriter(this.cacheFile, header);
    try {
      for (const record of records) writer.add(record);
      for (const block of cache.recordBlocks(true)) writer.addBlock(block);
      writer.commit(result);
    } catch {
      // The cached records are corrupt: leave them for a run that reads them to replace.
      writer.abandon();
    }
  }

  private async attributeCold(packages: Package[], options: AttributionOptions, header: CacheHeader, shallowBoundary: ReadonlySet<string>): Promise<HistoryReading> {
    const store = openCommitStore();
    const attributor = new CommitAttributor(packages, options, store);
    const writer = this.cacheFile ? new HistoryCacheWriter(this.cacheFile, header) : null;
    let cutByShallowClone = false;
    try {
      await (this.log as LogPump).drain((batch) => {
        for (const commit of batch) {
          const record = attributor.classify(commit);
          const inRange = attributor.consumeRecord(record);
          writer?.add(record);
          if (inRange && shallowBoundary.has(commit.sha)) cutByShallowClone = true;
          if (attributor.complete) return false;
        }
        return true;
      });
    } catch (e) {
      writer?.abandon();
      throw e;
    }
    const attributed = attributor.result();
    writer?.commit(storedResult(boundariesKey(packages, options), attributed, store));
    return { histories: histories(packages, attributed, store), cutByShallowClone };
  }
}

/**
 * Runs `git log` from the moment it is created and keeps what it prints until a consumer attaches, so
 * git works while relman does something else. What it keeps is text, parsed only once consumed: V8
 * allocates objects of a kind that has been living long straight into its old generation, and commits
 * parked for a second taught it to do so for every commit after them, growing the heap with the
 * length of the history until a full collection.
 */
class LogPump {
  private readonly kept: string[][] = [];
  private keptFields = 0;
  private sink: ((fields: string[]) => boolean) | null = null;
  private resume: (() => void) | null = null;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(fields: AsyncGenerator<string[]>) {
    this.done = this.run(fields);
    this.done.catch(() => {}); // awaited, and reported, by drain()
  }

  /** Hands every commit, kept and to come, to `sink` until it returns false (git is stopped then) or the log ends. */
  async drain(sink: (batch: LogCommit[]) => boolean): Promise<void> {
    const parser = new LogParser();
    const feed = (fields: string[]): boolean => {
      const batch = parser.pushAll(fields);
      return batch.length === 0 || sink(batch);
    };
    for (const fields of this.kept.splice(0)) {
      if (!feed(fields)) {
        this.stop();
        break;
      }
    }
    if (!this.stopped) this.sink = feed;
    this.resume?.();
    await this.done;
    const rest = this.stopped ? [] : parser.finish();
    if (rest.length) sink(rest);
  }

  stop(): void {
    this.stopped = true;
    this.resume?.();
  }

  private async run(fields: AsyncGenerator<string[]>): Promise<void> {
    // Leaving the loop stops the generator, which stops git.
    for await (const chunk of fields) {
      if (this.stopped) break;
      if (this.sink) {
        if (this.sink(chunk)) continue;
        this.stopped = true;
        break;
      }
      this.kept.push(chunk);
      this.keptFields += chunk.length;
      if (this.keptFields >= PREFETCH_LIMIT) await new Promise<void>((resolve) => (this.resume = resolve));
    }
  }
}

/**
 * The new commits in the order `git log --topo-order` gives them when it streams all of HEAD's history,
 * provided that order ends with the cached HEAD — so the cached records, in the order git gave them
 * then, follow — or null when it does not (HEAD does not descend from it, or a merge brings the
 * cached HEAD's history in before some new commits).
 *
 * git's order (sort_in_topological_order): a commit is ready once all its children are out; of the
 * ready commits, the last made ready goes next.
 */
function orderAfter(head: string, commits: LogCommit[], cachedHead: string): LogCommit[] | null {
  const parentsOf = new Map<string, readonly string[]>(commits.map((c) => [c.sha, c.parents]));
  parentsOf.set(cachedHead, []);
  const children = new Map<string, number>();
  for (const parents of parentsOf.values()) for (const p of parents) if (parentsOf.has(p)) children.set(p, (children.get(p) ?? 0) + 1);
  const ready = [head];
  const order: string[] = [];
  for (let sha = ready.pop(); sha !== undefined; sha = ready.pop()) {
    order.push(sha);
    for (const p of parentsOf.get(sha) ?? []) {
      if (!parentsOf.has(p)) continue;
      const left = (children.get(p) ?? 0) - 1;
      children.set(p, left);
      if (left === 0) ready.push(p);
    }
  }
  if (order.length !== commits.length + 1 || order[order.length - 1] !== cachedHead) return null;
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  return order.slice(0, -1).map((sha) => bySha.get(sha) as LogCommit);
}

/** What a cached record depends on: the packages' names, folders and globs, the settings that read commits, and relman's build. */
function layoutKey(packages: Package[], config: Config): string {
  const layout = {
    build: BUILD_ID,
    packages: packages.map((p) => [p.name, p.path, p.paths ?? [], p.exclude ?? []]),
    exclude: config.exclude,
    nonConventional: config.nonConventional,
    releaseCommits: config.releaseCommits,
  };
  return createHash('sha1').update(JSON.stringify(layout)).digest('hex');
}

function cacheHeader(layout: string, head: string, tags: TagList): CacheHeader {
  const reached = new Set<string>();
  const unreached = new Set<string>();
  for (let i = 0; i < tags.length; i++) (tags.merged(i) ? reached : unreached).add(tags.commit(i));
  return { layout, head, reached: [...reached].sort(), unreached: [...unreached].sort() };
}

/** Which commits each package's tags mark: the histories depend on nothing else but the records. */
function boundariesKey(packages: Package[], options: AttributionOptions): string {
  const marks = packages.map((p) => options.boundaries.get(p.name) ?? null);
  return createHash('sha1').update(JSON.stringify(marks)).digest('hex');
}

/**
 * What the records gave at the cached HEAD, as the cache file's result block keeps it, valid while
 * every package's boundary commits are the same (`boundaries`, see boundariesKey): a line
 * `{ boundaries, packages, bumps }` (bumps: each commit's, as bumpCode gives it), then a line
 * `[commits since its latest tag, commit numbers]` per package, in layout order, then each commit's line
 * as the CommitStore keeps it, so that a later run copies them without parsing them.
 */
function* storedResult(boundaries: string, attributed: AttributedCommits[], store: CommitStore): Generator<Buffer> {
  yield Buffer.from(`${JSON.stringify({ boundaries, packages: attributed.length, bumps: store.bumpCodes() })}\n`);
  for (const a of attributed) yield Buffer.from(`${JSON.stringify([a.sinceLatestTag, Array.from(a.numbers)])}\n`);
  yield* store.contents();
}

/**
 * The stored histories when they were made under these boundaries, their commits copied into `store`;
 * else null, and `store` as it was (read no further than the first line when the boundaries differ).
 */
function storedHistories(cache: HistoryCacheReader, boundaries: string, packageCount: number, store: CommitStore): AttributedCommits[] | null {
  const base = store.count;
  const packages: AttributedCommits[] = [];
  // Read from the first line.
  let bumps: string | null = null;
  let copied = 0;
  const whole = cache.result((line) => {
    if (bumps === null) {
      const head = JSON.parse(line.toString()) as { boundaries?: unknown; packages?: unknown; bumps?: unknown } | null;
      if (head?.boundaries !== boundaries || head.packages !== packageCount || typeof head.bumps !== 'string') return false;
      bumps = head.bumps;
      return true;
    }
    if (packages.length < packageCount) {
      const [since, numbers] = JSON.parse(line.toString()) as [unknown, unknown];
      const count = bumps.length;
      if (!Number.isInteger(since) || !Array.isArray(numbers) || !numbers.every((n) => Number.isInteger(n) && n >= 0 && n < count)) return false;
      packages.push({ sinceLatestTag: since as number, numbers: Uint32Array.from(numbers as number[], (n) => n + base) });
      return true;
    }
    const bump = bumpOfCode(bumps.charAt(copied++));
    if (bump === undefined) return false;
    store.addLine(line, bump);
    return true;
  });
  if (whole && packages.length === packageCount && copied === (bumps as string | null)?.length) return packages;
  store.truncate(base);
  return null;
}

/** The new commits' histories, newest first, followed by the stored ones. */
function joinHistories(fresh: AttributedCommits[], stored: AttributedCommits[]): AttributedCommits[] {
  return fresh.map((recent, i) => {
    const older = stored[i] as AttributedCommits;
    const numbers = new Uint32Array(recent.numbers.length + older.numbers.length);
    numbers.set(recent.numbers);
    numbers.set(older.numbers, recent.numbers.length);
    return { numbers, sinceLatestTag: recent.sinceLatestTag + older.sinceLatestTag };
  });
}

/** Per package name, its commits as the planner reads them. */
function histories(packages: Package[], attributed: AttributedCommits[], store: CommitStore): Map<string, PackageHistory> {
  return new Map(packages.map((pkg, i) => [pkg.name, { commits: store.list((attributed[i] as AttributedCommits).numbers), sinceLatestTag: (attributed[i] as AttributedCommits).sinceLatestTag }]));
}

/** Whether the tags name the same commits, in HEAD's history and out of it; HEAD itself may have moved on. */
function sameTagCommits(a: CacheHeader, b: CacheHeader): boolean {
  return a.reached.join() === b.reached.join() && a.unreached.join() === b.unreached.join();
}
