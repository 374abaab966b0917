import type { ParsedCommit } from './parse.js';

export type Bump = 'major' | 'minor' | 'patch';

/** What a commit that is not a Conventional Commit asks for (config `nonConventional`). */
export type NonConventionalBump = 'patch' | 'none';

const RANK: Record<Bump, number> = { patch: 1, minor: 2, major: 3 };

/**
 * The bump one commit asks for: breaking → major, feat → minor, any other change → patch;
 * a non-conventional commit asks for `nonConventional` (null for none).
 */
export function commitBump(commit: Pick<ParsedCommit, 'type' | 'breaking'>, nonConventional: NonConventionalBump): Bump | null {
  if (commit.type === null) return nonConventional === 'none' ? null : 'patch';
  if (commit.breaking) return 'major';
  return commit.type === 'feat' ? 'minor' : 'patch';
}

/** The highest of several bumps (null when there is none). */
export function highestBump(bumps: Iterable<Bump | null>): Bump | null {
  let best: Bump | null = null;
  for (const b of bumps) if (b && (!best || RANK[b] > RANK[best])) best = b;
  return best;
}
