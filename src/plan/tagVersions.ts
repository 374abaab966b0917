import type { GitTag, TagList } from '../git/tags.js';
import { cleanSemver, compareVersions, isPrerelease } from '../versioning/semver.js';
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
 * a name is found through its own prefixes (see named). The index holds tag numbers and versions
 * (one string per distinct version), never a tag object: those are made as they are asked for.
 */
export class TagIndex {
  private readonly byPrefix = new Map<string, { tags: number[]; versions: string[] }>();
  /** Tags whose names hold no version (`stable`, `deployed`). */
  private readonly unversioned = new Map<string, number>();

  constructor(readonly tags: TagList) {
    const versions = new Map<string, string>();
    for (let i = 0; i < tags.length; i++) {
      const name = tags.name(i);
      let versioned = false;
      for (const { prefix, version } of versionSplits(name)) {
        let kept = versions.get(version);
        if (kept === undefined) versions.set(version, (kept = version));
        const entry = this.byPrefix.get(prefix);
        if (entry) {
          entry.tags.push(i);
          entry.versions.push(kept);
        } else this.byPrefix.set(prefix, { tags: [i], versions: [kept] });
        versioned = true;
      }
      if (!versioned) this.unversioned.set(name, i);
    }
  }

  /** The tag of this name, if the repository has it. */
  named(name: string): GitTag | undefined {
    const bytes = Buffer.from(name);
    for (const { prefix } of versionSplits(name)) {
      const hit = this.byPrefix.get(prefix)?.tags.find((i) => this.tags.isNamed(i, bytes));
      if (hit !== undefined) return this.tags.at(hit);
    }
    const unversioned = this.unversioned.get(name);
    return unversioned === undefined ? undefined : this.tags.at(unversioned);
  }

  /** The tags of one package under a format. */
  versionTags(format: string, name: string): VersionTag[] {
    if (format.endsWith('{version}') && format.indexOf('{version}') === format.length - '{version}'.length) {
      const entry = this.byPrefix.get(renderTag(format.slice(0, -'{version}'.length), name, ''));
      return entry ? entry.tags.map((i, k) => ({ tag: this.tags.at(i), version: entry.versions[k] as string })) : [];
    }
    const matcher = tagMatcher(format, name);
    const found: VersionTag[] = [];
    for (let i = 0; i < this.tags.length; i++) {
      const version = matcher.versionOf(this.tags.name(i));
      if (version) found.push({ tag: this.tags.at(i), version });
    }
    return found;
  }

  packageTags(format: string, name: string): PackageTags {
    const all = this.versionTags(format, name);
    const merged = all.filter((t) => t.tag.merged);
    return { all, latestFinal: highest(merged.filter((t) => !isPrerelease(t.version))), latest: highest(merged) };
  }

  /**
   * The tag format a package follows when neither relman.toml nor its manifest says: the known format
   * most of its existing tags match, else the fallback.
   */
  guessFormat(name: string, fallback: string, formats: string[] = KNOWN_FORMATS): string {
    let best = fallback;
    let bestCount = 0;
    for (const format of formats) {
      const count = this.versionTags(format, name).length;
      if (count > bestCount) {
        best = format;
        bestCount = count;
      }
    }
    return best;
  }
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

function highest(list: VersionTag[]): VersionTag | null {
  return list.reduce<VersionTag | null>((best, t) => (!best || compareVersions(t.version, best.version) > 0 ? t : best), null);
}
