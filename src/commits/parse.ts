/**
 * Conventional Commits 1.0.0: header `type(scope)!: description`, an optional body one blank line
 * after it, and optional footers (`Token: value` or `Token #value`) one blank line after the body.
 * Types are case-insensitive; `BREAKING CHANGE` must be upper case (`BREAKING-CHANGE` is its synonym).
 */
export interface Footer {
  token: string;
  value: string;
}

export interface ParsedCommit {
  /** Lower-cased type, or null when the message is not a Conventional Commit. */
  type: string | null;
  scope: string | null;
  breaking: boolean;
  /** The description after `type: `, or the whole first line of a non-conventional message. */
  subject: string;
  body: string;
  footers: Footer[];
}

const HEADER = /^([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()]*)\))?(!)?: (\S.*)$/;
const FOOTER = /^(BREAKING CHANGE|[A-Za-z0-9][A-Za-z0-9-]*)(?:: | #)(.*)$/;

/** The footer tokens that mark a breaking change. */
export function isBreakingToken(token: string): boolean {
  return token === 'BREAKING CHANGE' || token === 'BREAKING-CHANGE';
}

export function parseCommit(message: string): ParsedCommit {
  const lines = message.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  const header = (lines[0] ?? '').trim();
  const match = HEADER.exec(header);
  if (!match) {
    return { type: null, scope: null, breaking: false, subject: header, body: lines.slice(1).join('\n').trim(), footers: [] };
  }
  const [, type = '', scope, bang, subject = ''] = match;
  const { body, footers } = splitBodyAndFooters(lines.slice(1));
  return {
    type: type.toLowerCase(),
    scope: scope === undefined || scope.trim() === '' ? null : scope.trim(),
    breaking: bang === '!' || footers.some((f) => isBreakingToken(f.token)),
    subject: subject.trim(),
    body,
    footers,
  };
}

/**
 * Footers start at the first line that follows a blank line and reads `Token: value`; from there on,
 * a line that is not a new token continues the previous footer's value (values may span lines).
 */
function splitBodyAndFooters(rest: string[]): { body: string; footers: Footer[] } {
  let start = -1;
  for (let i = 0; i < rest.length; i++) {
    if (FOOTER.test(rest[i] ?? '') && (i === 0 || (rest[i - 1] ?? '').trim() === '')) {
      start = i;
      break;
    }
  }
  if (start === -1) return { body: rest.join('\n').trim(), footers: [] };
  const footers: Footer[] = [];
  for (const line of rest.slice(start)) {
    const m = FOOTER.exec(line);
    const last = footers[footers.length - 1];
    if (m) footers.push({ token: m[1] ?? '', value: m[2] ?? '' });
    else if (last) last.value += `\n${line}`;
  }
  for (const f of footers) f.value = f.value.trim();
  return { body: rest.slice(0, start).join('\n').trim(), footers };
}
