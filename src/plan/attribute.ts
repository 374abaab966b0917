import picomatch from 'picomatch';
import { commitBump, type NonConventionalBump } from '../commits/bump.js';
import { parseCommit } from '../commits/parse.js';
import type { LogCommit } from '../git/log.js';
import type { Package } from '../workspace/types.js';
import type { PackageHistory, PlanCommit } from './types.js';

export interface AttributionOptions {
  /** Per package (by name): the commit of its latest final tag and of its latest tag of any kind in HEAD's history. */
  boundaries: Map<string, { final: string | null; latest: string | null }>;
  /** Globs of files that belong to no package. */
  exclude: string[];
  nonConventional: NonConventionalBump;
  /** Tells a release commit (relman's or earlier tooling's), which never counts as a change. */
  isReleaseCommit: (message: string) => boolean;
}

type Matcher = (path: string) => boolean;

/**
 * Attributes commits, streamed newest first in topological order, to the packages whose files they
 * touch — a file belongs to the deepest package folder containing it, or to the packages whose `paths`
 * globs match it — and keeps, per package, only the commits its latest final tag does not reach.
 *
 * Reachability is carried down the graph as it streams: each commit passes to its parents the set of
 * tags that reach it, so one `git log` answers for every package at once. Renames seen on the way are
 * followed backwards, so a package whose folder moved keeps the commits made under its old name.
 */
export class CommitAttributor {
  private readonly index = new Map<string, number>();
  private readonly folders = new Map<string, Package>();
  private readonly explicit: { pkg: Package; match: Matcher }[] = [];
  private readonly excluded = new Map<string, Matcher>();
  private readonly globalExclude: Matcher;
  private readonly pathCache = new Map<string, Package[]>();
  /** Tag marks set at each tag commit: bit 2i = package i's final tag, bit 2i+1 = its latest tag. */
  private readonly marks = new Map<string, Uint32Array>();
  /** Reachability sets waiting for commits not yet streamed; shared and never mutated. */
  private readonly pending = new Map<string, Uint32Array>();
  private readonly histories = new Map<string, PackageHistory>();
  private readonly words: number;

  constructor(
    private readonly packages: Package[],
    private readonly options: AttributionOptions,
  ) {
    this.words = Math.ceil((packages.length * 2) / 32) || 1;
    packages.forEach((pkg, i) => {
      this.index.set(pkg.name, i);
      this.histories.set(pkg.name, { commits: [], sinceLatestTag: 0 });
      if (pkg.paths?.length) this.explicit.push({ pkg, match: picomatch(pkg.paths, { dot: true }) });
      else this.folders.set(pkg.path, pkg);
      if (pkg.exclude?.length) this.excluded.set(pkg.name, picomatch(pkg.exclude, { dot: true }));
      const b = options.boundaries.get(pkg.name);
      if (b?.final) this.mark(b.final, 2 * i);
      if (b?.latest) this.mark(b.latest, 2 * i + 1);
    });
    // A package with `paths` still owns its folder for the deepest-folder rule, so that files
    // in it that its globs leave out belong to nobody rather than to a parent package.
    for (const { pkg } of this.explicit) if (!this.folders.has(pkg.path)) this.folders.set(pkg.path, pkg);
    this.globalExclude = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
  }

  consume(commits: LogCommit[]): void {
    for (const commit of commits) this.consumeOne(commit);
  }

  /** Per package name, its commits since its latest final release, newest first. */
  result(): Map<string, PackageHistory> {
    return this.histories;
  }

  private consumeOne(commit: LogCommit): void {
    let reach = this.pending.get(commit.sha) ?? null;
    this.pending.delete(commit.sha);
    const mark = this.marks.get(commit.sha);
    if (mark) reach = reach ? or(reach, mark) : mark;
    for (const parent of commit.parents) {
      const prev = this.pending.get(parent);
      if (reach) this.pending.set(parent, prev ? or(prev, reach) : reach);
    }
    // A merge counts through the commits it brings, not on its own.
    if (commit.parents.length > 1 || commit.changes.length === 0) return;
    const touched = new Set<Package>();
    for (const change of commit.changes) {
      for (const pkg of this.packagesOf(change.path)) touched.add(pkg);
      if (change.from !== undefined) {
        for (const pkg of this.packagesOf(change.from)) touched.add(pkg);
        if (change.status === 'R') this.followRename(change.from, change.path);
      }
    }
    let parsed: PlanCommit | null = null;
    for (const pkg of touched) {
      const i = this.index.get(pkg.name) ?? 0;
      if (reach && hasBit(reach, 2 * i)) continue;
      if (!parsed) {
        if (this.options.isReleaseCommit(commit.message)) return;
        const p = parseCommit(commit.message);
        parsed = { ...p, sha: commit.sha, bump: commitBump(p, this.options.nonConventional) };
      }
      const history = this.histories.get(pkg.name);
      if (!history) continue;
      history.commits.push(parsed);
      if (!(reach && hasBit(reach, 2 * i + 1))) history.sinceLatestTag++;
    }
  }

  /** The packages a file belongs to. */
  packagesOf(file: string): Package[] {
    const cached = this.pathCache.get(file);
    if (cached) return cached;
    let result: Package[] = [];
    if (!this.globalExclude(file)) {
      result = this.explicit.filter((e) => e.match(file)).map((e) => e.pkg);
      if (result.length === 0) {
        const owner = this.deepestFolder(file);
        if (owner && !owner.paths?.length) result = [owner];
      }
      result = result.filter((pkg) => !this.excluded.get(pkg.name)?.(relativeTo(pkg.path, file)));
    }
    this.pathCache.set(file, result);
    return result;
  }

  private deepestFolder(file: string): Package | undefined {
    let dir = file;
    for (let slash = dir.lastIndexOf('/'); slash !== -1; slash = dir.lastIndexOf('/')) {
      dir = dir.slice(0, slash);
      const pkg = this.folders.get(dir);
      if (pkg) return pkg;
    }
    return this.folders.get('.');
  }

  /** After `from` → `to` moved a package's file, older commits under the old folder belong to it too. */
  private followRename(from: string, to: string): void {
    const pkg = this.deepestFolder(to);
    if (!pkg || pkg.path === '.' || pkg.paths?.length) return;
    const inside = to.slice(pkg.path.length + 1);
    if (!from.endsWith(`/${inside}`)) return;
    const oldFolder = from.slice(0, from.length - inside.length - 1);
    if (this.folders.has(oldFolder)) return;
    this.folders.set(oldFolder, pkg);
    this.pathCache.clear();
  }

  private mark(sha: string, bit: number): void {
    const words = this.marks.get(sha) ?? new Uint32Array(this.words);
    words[bit >>> 5] = (words[bit >>> 5] ?? 0) | (1 << (bit & 31));
    this.marks.set(sha, words);
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

function hasBit(words: Uint32Array, bit: number): boolean {
  return ((words[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
}
