// Only the parts used: semver's index loads all of its forty modules, a few milliseconds of every start.
import SemVer from 'semver/classes/semver.js';
import inc from 'semver/functions/inc.js';
import parse from 'semver/functions/parse.js';
import satisfies from 'semver/functions/satisfies.js';
import valid from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import type { Bump } from '../commits/bump.js';

/** A strict semver string (no leading `v`) or null. */
export function cleanSemver(text: string): string | null {
  // semver throws, slowly, on text that is no version at all; tag indexing tries thousands of those.
  if (!/^\s*v?\d+\.\d+\.\d+/.test(text)) return null;
  const v = valid(text, { loose: false });
  return v && !text.startsWith('v') && !text.startsWith('=') ? v : null;
}

export function compareVersions(a: string, b: string): number {
  const x = parsedVersion(a);
  const y = parsedVersion(b);
  if (!x || !y) invalid(x ? b : a);
  return x.compare(y);
}

/** Many versions' order at once, as numbers. */
export interface VersionOrder {
  /** Per version, its place in semver order: a later version has a higher one, equal versions the same. */
  rank: Uint32Array;
  /** Per version, 1 for a candidate (it has a pre-release part), else 0. */
  prerelease: Uint8Array;
}

/**
 * The order of `versions` (each valid): what choosing among tens of thousands of tags compares, so that
 * each version is parsed once and what was parsed is let go (a cache of them grows with the history).
 */
export function orderVersions(versions: readonly string[]): VersionOrder {
  const parsed = versions.map((v) => parse(v) ?? invalid(v));
  const byOrder = Array.from(parsed.keys()).sort((a, b) => (parsed[a] as SemVer).compare(parsed[b] as SemVer));
  const rank = new Uint32Array(versions.length);
  const prerelease = new Uint8Array(versions.length);
  let place = 0;
  byOrder.forEach((i, k) => {
    const version = parsed[i] as SemVer;
    if (k > 0 && version.compare(parsed[byOrder[k - 1] as number] as SemVer) !== 0) place++;
    rank[i] = place;
    prerelease[i] = version.prerelease.length > 0 ? 1 : 0;
  });
  return { rank, prerelease };
}

function invalid(version: string): never {
  throw new TypeError(`Invalid Version: ${version}`);
}

export function isPrerelease(version: string): boolean {
  return (parsedVersion(version)?.prerelease.length ?? 0) > 0;
}

/**
 * Packages' tags repeat the same versions, and a plan reads some of them again for each package (a
 * candidate's counter reads all of a package's tags): each text is parsed once, up to a bound (the
 * latest tags are chosen with orderVersions, which keeps nothing). The parsed objects never leave this
 * module (SemVer's methods change them).
 */
const PARSED_LIMIT = 8192;
const parsedVersions = new Map<string, SemVer | null>();

function parsedVersion(version: string): SemVer | null {
  let parsed = parsedVersions.get(version);
  if (parsed === undefined) {
    if (parsedVersions.size >= PARSED_LIMIT) parsedVersions.clear();
    parsed = parse(version);
    parsedVersions.set(version, parsed);
  }
  return parsed;
}

/** The identifier of a candidate (`rc` of `1.2.3-rc.4`), null for a final version. */
export function prereleaseId(version: string): string | null {
  const parts = parsedVersion(version)?.prerelease;
  return parts?.length ? String(parts[0]) : null;
}

/** `1.2.3-rc.4` → `1.2.3`. */
export function releaseOf(version: string): string {
  const v = parse(version);
  if (!v) throw new Error(`not a semver version: ${version}`);
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** The final version a bump leads to from a final version (breaking → major, also on 0.x). */
export function bumpVersion(version: string, bump: Bump): string {
  const next = inc(releaseOf(version), bump);
  if (!next) throw new Error(`cannot bump ${version}`);
  return next;
}

/** The candidate counter of `X.Y.Z-id.N` when it is a candidate of `release` with identifier `id`. */
export function prereleaseNumber(version: string, release: string, id: string): number | null {
  const v = parse(version);
  if (!v || releaseOf(version) !== release) return null;
  const [tagId, n] = v.prerelease;
  if (tagId !== id || v.prerelease.length !== 2 || typeof n !== 'number') return null;
  return n;
}

/**
 * Whether a dependency range (`^1.2.0`, `~1.2`, `1.x`) takes a version, candidates counted as the
 * versions they lead to; null when the range is no semver range (`workspace:^`, `file:..`, a tag).
 */
export function rangeTakes(range: string, version: string): boolean | null {
  if (validRange(range) === null) return null;
  return satisfies(version, range, { includePrerelease: true });
}
