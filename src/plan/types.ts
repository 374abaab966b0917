import type { Bump } from '../commits/bump.js';
import type { CommitList } from './commitList.js';

/** A commit as the planner sees it: parsed once (see planCommit.ts), attributed to the packages whose files it touches. */
export interface PlanCommit {
  sha: string;
  /** Lower-cased Conventional Commits type, or null when the message is not one. */
  type: string | null;
  scope: string | null;
  breaking: boolean;
  subject: string;
  /** What a BREAKING CHANGE footer says breaks, on one line; null when there is none. */
  breakingNote: string | null;
  /** The bump this commit asks for (null: none, e.g. a non-conventional commit with nonConventional = none). */
  bump: Bump | null;
}

/** One package's commits since its latest final release. */
export interface PackageHistory {
  /** Newest first. */
  commits: CommitList;
  /** How many of them came after the package's latest tag of any kind (final or candidate). */
  sinceLatestTag: number;
}

export interface CommitSummary {
  sha: string;
  type: string | null;
  scope: string | null;
  breaking: boolean;
  subject: string;
}

export interface PackagePlan {
  name: string;
  path: string;
  currentVersion: string;
  nextVersion: string | null;
  bump: Bump | null;
  tag: string | null;
  /** The same commits as detail.changes: `--json` shows only a summary's fields (commitSummary). */
  commits: CommitList;
  /** Not in the JSON contract: what the release needs beyond it. */
  detail: {
    manifestFile: string;
    /** The latest tag in HEAD's history (any kind), the one the changes are counted from. */
    previousTag: string | null;
    /** Full commits, for changelogs and release notes. */
    changes: CommitList;
    /** Why this package cannot be released as planned (the release refuses while any is set). */
    problems: string[];
  };
}

export interface ReleasePlan {
  packages: PackagePlan[];
  /** What the release does not do but should be known before it is made (see dependencyRanges.ts). */
  warnings: string[];
}
