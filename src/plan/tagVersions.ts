import { NumberColumn } from '../collections/numberColumn.js';
import type { GitTag, TagList } from '../git/tags.js';
import { cleanSemver, orderVersions, type VersionOrder } from '../versioning/semver.js';
import { KNOWN_FORMATS, renderTag, tagMatcher } from '../versioning/tagFormat.js';

export interface VersionTag {
  tag: GitTag;
  version: string;
}

/** A package's release tags under its format, and the latest ones HEAD's history holds. */
export interface PackageTags {
  /** All of the package's tags, anywhere in the repository. */
  all: VersionTag[];
  /** The highest final version tag in HEAD's history. */
  latestFinal: VersionTag | null;
  /** The highest version tag, final or candidate, in HEAD's history. */
  latest: VersionTag | null;
}

/**
 * The repository's tags indexed by the text before their version (`api-v` for `api-v1.2.0`), so that
 * finding one package's tags among thousands is a lookup, not a scan. There is no index by whole name:
 * a name is found through its own prefixes (see named). The index holds tag numbers and version
 * numbers in typed arrays (each distinct version is one string), never a tag object: those are made as
 * they are asked for.
 */
export class TagIndex {
  private readonly byPrefix = new Map<string, VersionIndexes>();
  /** Tags whose names hold no version (`stable`, `deployed`). */
  private readonly unversioned = new Map<string, number>();
  /** Every distinct version the tags hold: the `texts` of byPrefix's entries. */
  private readonly versionTexts: string[] = [];
  /** The order of versionTexts. */
  private readonly versionOrder: VersionOrder;

  constructor(readonly tags: TagList) {
    // Tens of thousands of tags share a few hundred texts before their version and a few thousand
    // versions: each of TagList's words is read once. A version can only start in a name's rest
    // (see TagList), so what a name reads as follows from its rest, with its head before each prefix.
    const versionNumbers = new Map<string, number>();
    const prefixNumbers = new Map<string, number>();
    /** Per prefix number, how many tags read as it. */
    const counts: number[] = [];
    const prefixNumber = (prefix: string) => {
      let p = prefixNumbers.get(prefix);
      if (p === undefined) {
        p = counts.push(0) - 1;
        prefixNumbers.set(prefix, p);
      }
      return p;
    };
    /** Per rest word: each reading, as where in the rest the version starts and the version's number. */
    const restReadings = new Map<number, { at: number; version: number }[]>();
    // What each name reads as, in numbers. Most names read one way: that goes into columns as long as
    // the tag list (prefix number + 1, 0 for none), any other way into a short list.
    const firstPrefix = new NumberColumn();
    const firstVersion = new NumberColumn();
    /** Triples: tag, prefix number, version number. */
    const otherReadings: number[] = [];
    for (let i = 0; i < tags.length; i++) {
      const head = tags.headWord(i);
      const rest = tags.restWord(i);
      let readings = restReadings.get(rest);
      if (!readings) {
        readings = [];
        for (const { prefix, version } of versionSplits(tags.word(rest))) {
          let v = versionNumbers.get(version);
          if (v === undefined) {
            v = this.versionTexts.push(version) - 1;
            versionNumbers.set(version, v);
          }
          readings.push({ at: prefix.length, version: v });
        }
        restReadings.set(rest, readings);
      }
      for (const { at, version } of readings) {
        // A word is one string for all its tags, its hash computed once: the lookup is cheap.
        const p = prefixNumber(at === 0 ? tags.word(head) : tags.word(head) + tags.word(rest).slice(0, at));
        counts[p] = (counts[p] as number) + 1;
        if (firstPrefix.length === i) {
          firstPrefix.push(p + 1);
          firstVersion.push(version);
        } else otherReadings.push(i, p, version);
      }
      if (firstPrefix.length === i) {
        firstPrefix.push(0);
        firstVersion.push(0);
        this.unversioned.set(tags.name(i), i);
      }
    }
    // Each prefix's tags, in the tags' order, as one stretch of two arrays.
    const starts = new Uint32Array(counts.length + 1);
    counts.forEach((count, p) => (starts[p + 1] = (starts[p] as number) + count));
    const next = starts.slice(0, -1);
    const sortedTags = new Uint32Array(starts[counts.length] as number);
    const sortedVersions = this.versionTexts.length <= 0x10000 ? new Uint16Array(sortedTags.length) : new Uint32Array(sortedTags.length);
    const place = (tag: number, p: number, v: number) => {
      const at = (next[p] as number)++;
      sortedTags[at] = tag;
      sortedVersions[at] = v;
    };
    for (let i = 0, k = 0; i < tags.length; i++) {
      if (firstPrefix.get(i) !== 0) place(i, firstPrefix.get(i) - 1, firstVersion.get(i));
      for (; otherReadings[k] === i; k += 3) place(i, otherReadings[k + 1] as number, otherReadings[k + 2] as number);
    }
    this.versionOrder = orderVersions(this.versionTexts);
    for (const [prefix, p] of prefixNumbers) {
      const [from, to] = [starts[p] as number, starts[p + 1] as number];
      this.byPrefix.set(prefix, { tags: sortedTags.subarray(from, to), versions: sortedVersions.subarray(from, to), texts: this.versionTexts, order: this.versionOrder });
    }
  }

  /** The tag of this name, if the repository has it. */
  named(name: string): GitTag | undefined {
    for (const { prefix } of versionSplits(name)) {
      const hit = this.byPrefix.get(prefix)?.tags.find((i) => this.tags.isNamed(i, name));
      if (hit !== undefined) return this.tags.at(hit);
    }
    const unversioned = this.unversioned.get(name);
    return unversioned === undefined ? undefined : this.tags.at(unversioned);
  }

  /** The latest tags are chosen among tag numbers: a tag becomes an object only when it is one of them, or `all` is read. */
  packageTags(format: string, name: string): PackageTags {
    const { tags, versions, texts, order } = this.versionIndexes(format, name);
    const rank = (k: number) => order.rank[versions[k] as number] as number;
    let latest = -1;
    let latestFinal = -1;
    for (let k = 0; k < tags.length; k++) {
      if (!this.tags.merged(tags[k] as number)) continue;
      if (latest === -1 || rank(k) > rank(latest)) latest = k;
      if (order.prerelease[versions[k] as number] === 0 && (latestFinal === -1 || rank(k) > rank(latestFinal))) latestFinal = k;
    }
    const versionTag = (k: number): VersionTag | null => (k === -1 ? null : { tag: this.tags.at(tags[k] as number), version: texts[versions[k] as number] as string });
    let all: VersionTag[] | undefined;
    return {
      get all() {
        return (all ??= Array.from(tags, (_, k) => versionTag(k) as VersionTag));
      },
      latestFinal: versionTag(latestFinal),
      latest: versionTag(latest),
    };
  }

  /**
   * The tag format a package follows when neither relman.toml nor its manifest says: the known format
   * most of its existing tags match, else the fallback.
   */
  guessFormat(name: string, fallback: string, formats: string[] = KNOWN_FORMATS): string {
    let best = fallback;
    let bestCount = 0;
    for (const format of formats) {
      const count = this.versionIndexes(format, name).tags.length;
      if (count > bestCount) {
        best = format;
        bestCount = count;
      }
    }
    return best;
  }

  /** A package's tags under a format, as tag numbers and their versions' numbers. */
  private versionIndexes(format: string, name: string): VersionIndexes {
    if (format.endsWith('{version}') && format.indexOf('{version}') === format.length - '{version}'.length) {
      return this.byPrefix.get(renderTag(format.slice(0, -'{version}'.length), name, '')) ?? NO_TAGS;
    }
    // A format with text after the version: its tags are found by reading every name.
    const matcher = tagMatcher(format, name);
    const found = { tags: [] as number[], versions: [] as number[], texts: [] as string[] };
    for (let i = 0; i < this.tags.length; i++) {
      const version = matcher.versionOf(this.tags.name(i));
      if (version) {
        found.tags.push(i);
        found.versions.push(found.texts.length);
        found.texts.push(version);
      }
    }
    return { ...found, order: orderVersions(found.texts) };
  }
}

const NO_TAGS: VersionIndexes = { tags: [], versions: [], texts: [], order: orderVersions([]) };

/** Tag numbers, and the version each tag's name holds, as a number in `texts`, whose order is `order`. */
interface VersionIndexes {
  tags: Uint32Array | number[];
  versions: Uint16Array | Uint32Array | number[];
  texts: readonly string[];
  order: VersionOrder;
}

/** Each way a tag name reads as a prefix and a version: a version starts at a digit that follows none. */
function* versionSplits(name: string): Generator<{ prefix: string; version: string }> {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const prevDigit = i > 0 && name.charCodeAt(i - 1) >= 48 && name.charCodeAt(i - 1) <= 57;
    if (!digit || prevDigit) continue;
    const version = cleanSemver(name.slice(i));
    if (version) yield { prefix: name.slice(0, i), version };
  }
}
