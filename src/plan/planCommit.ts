import { commitBump, type NonConventionalBump } from '../commits/bump.js';
import { isBreakingToken, parseCommit } from '../commits/parse.js';
import type { PlanCommit } from './types.js';

/**
 * A commit as the plan keeps it: only what versions and changelogs use, in strings of its own.
 * A plan can hold tens of thousands of these, so neither the message nor git's output it was cut
 * from stays alive through them.
 */
export function planCommit(sha: string, message: string, nonConventional: NonConventionalBump): PlanCommit {
  const p = parseCommit(message);
  const footer = p.footers.find((f) => isBreakingToken(f.token));
  const note = footer?.value.replace(/\s+/g, ' ').trim();
  return {
    sha: detached(sha),
    type: p.type === null ? null : interned(p.type),
    scope: p.scope === null ? null : interned(p.scope),
    breaking: p.breaking,
    subject: detached(p.subject),
    breakingNote: note ? detached(note) : null,
    bump: commitBump(p, nonConventional),
  };
}

/** Types and scopes repeat across a history: one string for each, however many commits name it. */
const INTERN_LIMIT = 4096;
const internedWords = new Map<string, string>();

function interned(word: string): string {
  let kept = internedWords.get(word);
  if (kept === undefined) {
    if (internedWords.size >= INTERN_LIMIT) internedWords.clear();
    kept = detached(word);
    internedWords.set(kept, kept);
  }
  return kept;
}

/** A copy V8 cannot share with the string it was cut from (a slice would keep all of that alive). */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
