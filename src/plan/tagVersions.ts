import type { GitTag, TagList } from '../git/tags.js';
import { cleanSemver, orderVersions, type VersionOrder } from '../versioning/semver.js';
import { KNOWN_FORMATS, renderTag, tagMatcher } from '../versioning/tagFormat.js';

export interface VersionTag {
  tag: GitTag;
  version: string;
}

/** A package's release tags under its format, and the latest ones HEAD's history holds. */
export interface PackageTags {
  /** All of the package's tags, anywhere in the repository, in the order of their names. */
  all: VersionTag[];
  /** The highest final version tag in HEAD's history. */
  latestFinal: VersionTag | null;
  /** The highest version tag, final or candidate, in HEAD's history. */
  latest: VersionTag | null;
}

/**
 * The repository's tags, searched by name: a package's tags are the names that start with the text
 * before their version (`api-v` for `api-v1.2.0`), one stretch of the tags in the order of their
 * names, found by binary search. git lists tags in that order, so the index keeps nothing per tag
 * (a long-lived monorepo has tens of thousands); only tags given in another order are sorted, as
 * numbers. What it keeps is per word of the names (see TagList): the version a word reads as, and
 * that version's place in semver order, so that each distinct version is parsed once.
 */
export class TagIndex {
  /** The tag numbers in the order of their names, where the list is not in that order already. */
  private readonly sorted: Uint32Array | null;
  /** Per word of the names: the version it reads as whole, or null. */
  private readonly wordVersions: (string | null)[] = [];
  /** The order of wordVersions (a word that is no version has rank 0 and is never compared). */
  private readonly wordOrder: VersionOrder;
  /** Per first word of the names, how many tags have a version for the rest (see countTags); made when first asked. */
  private versionsAfter: Map<string, number> | null = null;

  constructor(readonly tags: TagList) {
    this.sorted = tags.inNameOrder ? null : namesOrder(tags);
    const versions: string[] = [];
    const versionWords: number[] = [];
    for (let w = 0; w < tags.wordCount; w++) {
      const word = tags.word(w);
      const version = cleanSemver(word);
      // The word itself where it is its version, as the word after a name's first one nearly always is.
      this.wordVersions.push(version === word ? word : version);
      if (version !== null) {
        versions.push(version);
        versionWords.push(w);
      }
    }
    const order = orderVersions(versions);
    this.wordOrder = { rank: new Uint32Array(tags.wordCount), prerelease: new Uint8Array(tags.wordCount) };
    versionWords.forEach((w, k) => {
      this.wordOrder.rank[w] = order.rank[k] as number;
      this.wordOrder.prerelease[w] = order.prerelease[k] as number;
    });
  }

  /** The tag of this name, if the repository has it. */
  named(name: string): GitTag | undefined {
    const k = this.firstAtLeast((i) => this.tags.compareName(i, name));
    return k < this.tags.length && this.tags.compareName(this.tagAt(k), name) === 0 ? this.tags.at(this.tagAt(k)) : undefined;
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
    // Formats that read the same for this name (`{unscoped}` of an unscoped name) match the same tags: counted once.
    const seen = new Set<string>();
    for (const format of formats) {
      const rendered = renderTag(format, name, '{version}');
      if (seen.has(rendered)) continue;
      seen.add(rendered);
      const count = this.countTags(format, name);
      if (count > bestCount) {
        best = format;
        bestCount = count;
      }
    }
    return best;
  }

  /**
   * How many tags a package has under a format. Where `prefixed` would take only the names whose first
   * word is the prefix, they are counted per first word, once for all packages: guessing formats asks
   * this of every package for every format, and two binary searches each were a twentieth of a cached plan.
   */
  private countTags(format: string, name: string): number {
    const prefix = versionPrefix(format, name);
    if (prefix === null || /\d\./.test(prefix)) return this.versionIndexes(format, name).tags.length;
    if (!this.versionsAfter) {
      this.versionsAfter = new Map();
      for (let i = 0; i < this.tags.length; i++) {
        if (this.wordVersions[this.tags.restWord(i)] === null) continue;
        const head = this.tags.word(this.tags.headWord(i));
        this.versionsAfter.set(head, (this.versionsAfter.get(head) ?? 0) + 1);
      }
    }
    return this.versionsAfter.get(prefix) ?? 0;
  }

  /** A package's tags under a format, as tag numbers and their versions' numbers. */
  private versionIndexes(format: string, name: string): VersionIndexes {
    const prefix = versionPrefix(format, name);
    if (prefix !== null) return this.prefixed(prefix);
    // A format with text after the version: its tags are found by reading every name.
    const matcher = tagMatcher(format, name);
    const tags: number[] = [];
    const texts: string[] = [];
    for (let k = 0; k < this.tags.length; k++) {
      const i = this.tagAt(k);
      const version = matcher.versionOf(this.tags.name(i));
      if (version) {
        tags.push(i);
        texts.push(version);
      }
    }
    return ownOrder(tags, texts);
  }

  /**
   * The tags that read as `prefix` and a version: a version starts at a digit that follows none.
   * TagList cuts each name before its first digits that a dot follows, so the prefix is nearly always
   * a name's first word and the version its other word, read once for all tags. Only a prefix that
   * holds such digits itself (`tool-1.0.0-` of `tool-1.0.0-2.0.0`) is no first word: its versions are
   * read from the names.
   */
  private prefixed(prefix: string): VersionIndexes {
    if (isDigit(prefix, prefix.length - 1)) return NO_TAGS;
    const compare = (i: number) => this.tags.compareName(i, prefix, true);
    const from = this.firstAtLeast(compare);
    const to = this.firstAtLeast(compare, from, true);
    const tags: number[] = [];
    if (/\d\./.test(prefix)) {
      const texts: string[] = [];
      for (let k = from; k < to; k++) {
        const i = this.tagAt(k);
        const text = this.tags.name(i).slice(prefix.length);
        const version = isDigit(text, 0) ? cleanSemver(text) : null;
        if (version !== null) {
          tags.push(i);
          texts.push(version);
        }
      }
      return ownOrder(tags, texts);
    }
    const versions: number[] = [];
    for (let k = from; k < to; k++) {
      const i = this.tagAt(k);
      const rest = this.tags.restWord(i);
      if (this.tags.word(this.tags.headWord(i)).length === prefix.length && this.wordVersions[rest] !== null) {
        tags.push(i);
        versions.push(rest);
      }
    }
    return { tags, versions, texts: this.wordVersions, order: this.wordOrder };
  }

  /** The tag at place k in the order of the names. */
  private tagAt(k: number): number {
    return this.sorted ? (this.sorted[k] as number) : k;
  }

  /** The first place k in the order of the names, from `from` on, where `compare` of its tag is at least 0 (with `above`, above 0). */
  private firstAtLeast(compare: (tag: number) => number, from = 0, above = false): number {
    let [low, high] = [from, this.tags.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      const c = compare(this.tagAt(mid));
      if (above ? c > 0 : c >= 0) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** The text before the version of a format whose tags end with it (`api-v` of `{name}-v{version}`), else null. */
function versionPrefix(format: string, name: string): string | null {
  return format.endsWith('{version}') && format.indexOf('{version}') === format.length - '{version}'.length ? renderTag(format.slice(0, -'{version}'.length), name, '') : null;
}

const NO_TAGS: VersionIndexes = { tags: [], versions: [], texts: [], order: orderVersions([]) };

/** Tag numbers, and the version each tag's name holds, as a number in `texts`, whose order is `order`. */
interface VersionIndexes {
  tags: number[];
  versions: number[];
  texts: readonly (string | null)[];
  order: VersionOrder;
}

/** Tags with versions read for them alone, ordered among themselves. */
function ownOrder(tags: number[], texts: string[]): VersionIndexes {
  return { tags, versions: Array.from(texts.keys()), texts, order: orderVersions(texts) };
}

function isDigit(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/** The tag numbers of a list in the order of their names. */
function namesOrder(tags: TagList): Uint32Array {
  const names = Array.from({ length: tags.length }, (_, i) => tags.name(i));
  return Uint32Array.from(names.keys()).sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : (names[a] as string) > (names[b] as string) ? 1 : a - b));
}
