/**
 * Checks a commit message against Conventional Commits 1.0.0 and says what is wrong in words a
 * committer can act on. A message with no problems is one parseCommit reads as conventional.
 */

/** The types relman accepts: those of the Angular convention that Conventional Commits grew from. */
export const CONVENTIONAL_TYPES = ['feat', 'fix', 'docs', 'style', 'refactor', 'perf', 'test', 'build', 'ci', 'chore', 'revert'] as const;

const KNOWN_TYPES: ReadonlySet<string> = new Set(CONVENTIONAL_TYPES);

/** A header cut at its first colon: `type(scope)!` before it, the description after it. */
const LOOSE_HEADER = /^([^\s():!]*)(\([^()]*\))?(!)?:(.*)$/;

export function lintCommitMessage(message: string): string[] {
  const lines = message.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  const header = (lines[0] ?? '').trim();
  if (header === '') return ['the message is empty'];
  const problems = headerProblems(header);
  if ((lines[1] ?? '').trim() !== '') problems.push('the body must be separated from the header by a blank line');
  return problems;
}

function headerProblems(header: string): string[] {
  const m = LOOSE_HEADER.exec(header);
  if (!m) return ['no type: the header must read type(scope): description, e.g. "fix(api): handle an empty body"'];
  const [, type = '', scope, , rest = ''] = m;
  const problems: string[] = [];
  if (type === '') problems.push('no type before the colon');
  else if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(type)) problems.push(`type "${type}" is not a word`);
  else if (!KNOWN_TYPES.has(type.toLowerCase())) problems.push(`unknown type "${type}": use one of ${CONVENTIONAL_TYPES.join(', ')}`);
  if (scope !== undefined && scope.slice(1, -1).trim() === '') problems.push('empty scope: name one or drop the parentheses');
  if (rest.trim() === '') problems.push('empty description after the colon');
  else if (!rest.startsWith(' ')) problems.push('missing space after the colon');
  else if (rest.startsWith('  ')) problems.push('one space, not more, after the colon');
  return problems;
}

/**
 * The message git would record from a commit message file: lines starting with `#` dropped and
 * everything from the `git commit --verbose` scissors line on cut, as git's default cleanup does.
 */
export function commitMessageFromEditFile(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const scissors = lines.findIndex((l) => /^# -+ >8 -+$/.test(l));
  return (scissors === -1 ? lines : lines.slice(0, scissors)).filter((l) => !l.startsWith('#')).join('\n').replace(/^\s*\n/, '');
}

/** Messages git writes itself while merging or autosquashing: a commit-msg hook lets them through. */
export function isGitGeneratedMessage(message: string): boolean {
  return /^(Merge |fixup! |squash! |amend! )/.test(message.trimStart());
}
