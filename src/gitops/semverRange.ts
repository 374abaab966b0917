/**
 * Semantic versions and version ranges as Flux reads them: tags through fluxcd/pkg/version (strict
 * SemVer 2.0.0, one optional leading `v`), ranges with Masterminds/semver v3 rules. Those rules differ
 * from npm's: `1.0` means `~1.0`, a bare `1.2.3` is `=`, `>11` is `>=12`, and a pre-release matches only
 * when a comparator in the same `,`/space (AND) group carries a pre-release — then pre-releases of any
 * version in that group do. So `>=1.0.0-0` admits candidates and `>=1.0.0` admits finals only.
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers; empty for a final release. */
  pre: string[];
  /** The text it was parsed from. */
  original: string;
}

const NUM = '(0|[1-9]\\d*)';
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const STRICT = new RegExp(`^v?${NUM}\\.${NUM}\\.${NUM}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);

/** A strict SemVer tag (optionally `v`-prefixed), or null: anything else is not a version to Flux. */
export function parseStrictVersion(text: string): Version | null {
  const m = STRICT.exec(text);
  if (!m) return null;
  const parts = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (parts.some((n) => !Number.isSafeInteger(n))) return null;
  return { major: parts[0], minor: parts[1], patch: parts[2], pre: m[4] ? m[4].split('.') : [], original: text };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

function comparePre(a: string[], b: string[]): number {
  if (!a.length || !b.length) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

interface Comparator {
  op: Op;
  version: Version;
  /** Which parts were wildcards or missing: `1.x` is minor-dirty, `1.2` patch-dirty, `*` dirty. */
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

export interface SemverRange {
  source: string;
  groups: { comparators: Comparator[]; allowsPrerelease: boolean }[];
}

export class RangeError extends Error {}

const CV = 'v?([0-9|x|X*]+)(\\.[0-9|x|X*]+)?(\\.[0-9|x|X*]+)?(-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?';
// The operator alternation order matters: it is tried leftmost-first, as in Masterminds.
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CV_NC = CV.replace(/\((?!\?)/g, '(?:');
const VALID_GROUP = new RegExp(`^(?:\\s*(?:${OPS})\\s*(?:${CV_NC})\\s*)(?:(?:\\s+|,\\s*)(?:${OPS})\\s*(?:${CV_NC})\\s*)*$`);
const FIND = new RegExp(`(?:${OPS})\\s*(?:${CV_NC})`, 'g');
const ONE = new RegExp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const HYPHEN = new RegExp(`\\s*(${CV_NC})\\s+-\\s+(${CV_NC})\\s*`, 'g');

const isX = (s: string | undefined) => s === 'x' || s === 'X' || s === '*';

export function parseRange(source: string): SemverRange {
  const rewritten = source.replace(HYPHEN, (_all, lo: string, hi: string) => `>= ${lo}, <= ${hi}`);
  const groups = rewritten.split('||').map((group) => {
    if (!VALID_GROUP.test(group)) throw new RangeError(`improper constraint: ${group}`);
    const found = group.match(FIND) ?? [group];
    const comparators = found.map(parseComparator);
    return { comparators, allowsPrerelease: comparators.some((c) => c.version.pre.length > 0) };
  });
  return { source, groups };
}

function parseComparator(text: string): Comparator {
  const m = ONE.exec(text);
  if (!m) throw new RangeError(`improper constraint: ${text}`);
  const op = (m[1] ?? '') as Op;
  const [major = '', minorPart = '', patchPart = '', pre = ''] = [m[3], m[4], m[5], m[7]];
  const minor = minorPart.slice(1);
  const patch = patchPart.slice(1);
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  let parts: [string, string, string];
  if (isX(major) || major === '') {
    dirty = true;
    parts = ['0', '0', '0'];
  } else if (isX(minor) || minor === '') {
    dirty = minorDirty = true;
    parts = [major, '0', '0'];
  } else if (isX(patch) || patch === '') {
    dirty = patchDirty = true;
    parts = [major, minor, '0'];
  } else parts = [major, minor, patch];
  const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (nums.some((n) => !Number.isSafeInteger(n))) throw new RangeError(`improper constraint: ${text}`);
  const [a = 0, b = 0, c = 0] = nums;
  const version: Version = { major: a, minor: b, patch: c, pre: pre ? pre.split('.') : [], original: m[2] ?? '' };
  return { op, version, dirty, minorDirty, patchDirty };
}

export function satisfies(v: Version, range: SemverRange): boolean {
  return range.groups.some((g) => (v.pre.length === 0 || g.allowsPrerelease) && g.comparators.every((c) => check(v, c)));
}

function check(v: Version, c: Comparator): boolean {
  const con = c.version;
  const cmp = compareVersions(v, con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      return notEqual(v, c);
    case '>':
      if (!c.dirty) return cmp > 0;
      if (v.major !== con.major) return v.major > con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > con.major) return false;
      return !(v.major === con.major && v.minor > con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
  }
}

function notEqual(v: Version, c: Comparator): boolean {
  const con = c.version;
  if (c.dirty) {
    if (con.major !== v.major) return true;
    if (c.minorDirty) return false;
    if (con.minor !== v.minor) return true;
    if (!c.patchDirty && con.patch !== v.patch) return true;
    if (c.patchDirty) return (v.pre.length > 0 || con.pre.length > 0) && comparePre(v.pre, con.pre) !== 0;
  }
  return compareVersions(v, con) !== 0;
}

// ~1.2.3 → >=1.2.3 <1.3.0; ~1 and ~1.x → >=1.0.0 <2.0.0; ~0.0.0 and ~* → anything.
function tilde(v: Version, c: Comparator): boolean {
  const con = c.version;
  if (compareVersions(v, con) < 0) return false;
  if (con.major === 0 && con.minor === 0 && con.patch === 0 && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  return v.minor === con.minor || c.minorDirty;
}

// ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0; ^0.0.3 → =0.0.3; ^0 → <1.0.0; ^0.0 → <0.1.0.
function caret(v: Version, c: Comparator): boolean {
  const con = c.version;
  if (compareVersions(v, con) < 0) return false;
  if (con.major > 0 || c.minorDirty) return v.major === con.major;
  if (v.major > 0) return false;
  if (con.minor > 0 || c.patchDirty) return v.minor === con.minor;
  if (v.minor > 0) return false;
  return v.patch === con.patch;
}
