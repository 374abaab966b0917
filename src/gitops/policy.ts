import { compileGoRegexp, expandTemplate, GoRegexpError } from './goRegexp.js';
import { compareVersions, parseRange, parseStrictVersion, RangeError, satisfies, type Version } from './semverRange.js';

/** How a policy picks the latest tag: Flux's ImagePolicy `spec.policy`. */
export type PolicyRule =
  | { kind: 'semver'; range: string }
  | { kind: 'alphabetical'; order: 'asc' | 'desc' }
  | { kind: 'numerical'; order: 'asc' | 'desc' };

/** Flux's `spec.filterTags`: keep tags matching `pattern`, compare the `extract` expansion instead. */
export interface TagFilter {
  pattern?: string;
  extract?: string;
}

/** A policy's rule or its tags do not give a latest tag; the messages are Flux's own. */
export class PolicyError extends Error {}

const EMPTY = 'version list argument cannot be empty';

/** A policy ready to choose: its rule and filter compiled once, for every tag list it sees. */
export interface TagChooser {
  /** The latest tag among `tags` (as the registry lists them), as Flux's image-reflector would choose. */
  latest(tags: readonly string[]): string;
}

export function compileChooser(rule: PolicyRule, filter?: TagFilter): TagChooser {
  const pick = compileRule(rule);
  const match = filter ? compileFilter(filter) : null;
  return {
    latest(tags) {
      // The reflector stores tags sorted descending by bytes; ties and collisions follow that order.
      const stored = [...tags].sort(byBytesDescending);
      if (!match) return pick(stored);
      const originals = new Map<string, string>();
      for (const tag of stored) {
        const value = match(tag);
        if (value !== null) originals.set(value, tag);
      }
      const latest = pick([...originals.keys()].sort(byBytesDescending));
      return originals.get(latest) ?? latest;
    },
  };
}

function compileFilter(filter: TagFilter): (tag: string) => string | null {
  let compiled;
  try {
    compiled = compileGoRegexp(filter.pattern ?? '');
  } catch (e) {
    if (e instanceof GoRegexpError) throw new PolicyError(`invalid filterTags pattern: ${e.message}`);
    throw e;
  }
  const { regexp, names } = compiled;
  const extract = filter.extract ?? '';
  return (tag) => {
    const m = regexp.exec(tag);
    if (!m) return null;
    return extract ? expandTemplate(extract, m, names) : tag;
  };
}

function compileRule(rule: PolicyRule): (tags: string[]) => string {
  switch (rule.kind) {
    case 'semver':
      return semverRule(rule.range);
    case 'alphabetical':
      return (tags) => {
        if (!tags.length) throw new PolicyError(EMPTY);
        const sorted = [...tags].sort(byBytesDescending);
        return (rule.order === 'desc' ? sorted.at(-1) : sorted[0]) ?? '';
      };
    case 'numerical':
      return (tags) => numericalLatest(tags, rule.order);
  }
}

function semverRule(source: string): (tags: string[]) => string {
  let range: ReturnType<typeof parseRange>;
  try {
    range = parseRange(source);
  } catch (e) {
    if (e instanceof RangeError) throw new PolicyError(`invalid policy: semver constraint '${source}' does not parse: ${e.message}`);
    throw e;
  }
  return (tags) => {
    if (!tags.length) throw new PolicyError(EMPTY);
    let latest: Version | null = null;
    for (const tag of tags) {
      const v = parseStrictVersion(tag);
      if (v && satisfies(v, range) && (!latest || compareVersions(v, latest) > 0)) latest = v;
    }
    if (!latest) throw new PolicyError('unable to determine latest version from provided list');
    return latest.original;
  };
}

// One tag that is not a number fails the whole policy, as in Flux; equal values: the later tag wins.
function numericalLatest(tags: string[], order: 'asc' | 'desc'): string {
  if (!tags.length) throw new PolicyError(EMPTY);
  const values = tags.map(parseGoFloat);
  // Name the smallest bad tag, so the message does not depend on the order tags came in.
  const bad = tags.filter((_, i) => values[i] === null).sort(byBytesDescending).at(-1);
  if (bad !== undefined) throw new PolicyError(`failed to parse invalid numeric value '${bad}'`);
  let latest = 0;
  values.forEach((value, i) => {
    const best = values[latest] ?? 0;
    if (i > 0 && (order === 'asc' ? (value ?? 0) < best : (value ?? 0) > best)) return;
    latest = i;
  });
  return tags[latest] ?? '';
}

/** Go's strconv.ParseFloat for decimal text: no surrounding space, no hex, out of range is an error. */
export function parseGoFloat(text: string): number | null {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(text)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Go sorts strings by bytes; image tags are ASCII, where that is the order of UTF-16 code units. */
export function byBytesDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
