import type { Bump } from '../commits/bump.js';
import type { PlanCommit } from './types.js';

/**
 * A package's commits, newest first. A plan can hold hundreds of thousands (a long history that no
 * tag reaches yet), so a list may keep its commits outside memory (repository/commitStore.ts) and make
 * each one as it is read: iterate it, and hold on to no more of what it gives than you need.
 */
export interface CommitList extends Iterable<PlanCommit> {
  readonly length: number;
  /** The bump each commit asks for, in order, read without the commits. */
  bumps(): Iterable<Bump | null>;
}

/** Where attribution puts the commits that count: each commit once, however many packages it counts for. */
export interface CommitSink {
  /** Keeps the commit; returns its number. */
  add(commit: PlanCommit): number;
  /** The commits of these numbers, in this order. */
  list(numbers: Uint32Array): CommitList;
}

/** A list of commits held in memory. */
export function commitList(commits: readonly PlanCommit[]): CommitList {
  return {
    length: commits.length,
    bumps: () => commits.map((c) => c.bump),
    [Symbol.iterator]: () => commits[Symbol.iterator](),
  };
}

/** Commits held in memory: what tests attribute into, and where no file can hold them. */
export class CommitArray implements CommitSink {
  protected readonly commits: PlanCommit[] = [];

  add(commit: PlanCommit): number {
    return this.commits.push(commit) - 1;
  }

  list(numbers: Uint32Array): CommitList {
    return commitList(Array.from(numbers, (n) => this.commits[n] as PlanCommit));
  }
}

/** The first `count` commits of a list (all of them when it is shorter). */
export function firstCommits(list: CommitList, count: number): PlanCommit[] {
  const first: PlanCommit[] = [];
  for (const commit of list) {
    if (first.length >= count) break;
    first.push(commit);
  }
  return first;
}
