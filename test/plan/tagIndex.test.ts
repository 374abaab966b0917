import { describe, expect, it } from 'vitest';
import { TagList, type GitTag } from '../../src/git/tags.js';
import { TagIndex } from '../../src/plan/tagVersions.js';

const tag = (name: string, merged = true): GitTag => ({ name, commit: `c-${name}`, annotated: true, merged });

describe('TagIndex', () => {
  const names = ['api-v1.2.0', 'api-v1.10.0-rc.1', 's3-client-v2.0.0', 'v3.0.0', '@acme/ui@0.4.1', 'stable', 'release-2024', 'api-v1.2.0-build'];
  const index = new TagIndex(TagList.from(names.map((n) => tag(n))));

  it('finds every tag by its whole name, versioned or not, and nothing else', () => {
    for (const name of names) expect(index.named(name)?.name).toBe(name);
    for (const name of ['api-v1.2', 'api-v1.2.1', 's3-client-v2', 'v3', 'stabl', 'release-2025', '']) expect(index.named(name)).toBeUndefined();
  });

  it("lists a package's tags through the text before the version, whatever digits its name holds", () => {
    expect(index.packageTags('{name}-v{version}', 's3-client').all.map((t) => t.version)).toEqual(['2.0.0']);
    const api = index.packageTags('{name}-v{version}', 'api');
    expect(api.all.map((t) => t.tag.name).sort()).toEqual(['api-v1.10.0-rc.1', 'api-v1.2.0', 'api-v1.2.0-build']);
    expect(api.latestFinal?.tag.name).toBe('api-v1.2.0');
    expect(api.latest?.tag.name).toBe('api-v1.10.0-rc.1');
  });

  it('lists a name that reads as a version in two places under both prefixes, in the order of the names', () => {
    const two = new TagIndex(TagList.from(['tool-1.0.0-2.0.0', 'tool-0.9.0', 'tool-1.0.0-1.5.0', 'tool-1.0.0'].map((n) => tag(n))));
    expect(two.packageTags('{name}-{version}', 'tool').all.map((t) => t.version)).toEqual(['0.9.0', '1.0.0', '1.0.0-1.5.0', '1.0.0-2.0.0']);
    expect(two.packageTags('{name}-{version}', 'tool-1.0.0').all.map((t) => t.version)).toEqual(['1.5.0', '2.0.0']);
    expect(two.packageTags('{name}-{version}', 'tool-1.0.0').latest?.tag.name).toBe('tool-1.0.0-2.0.0');
    expect(two.named('tool-1.0.0-2.0.0')?.name).toBe('tool-1.0.0-2.0.0');
  });

  it("picks each package's latest tags among those HEAD's history holds, across packages that share versions", () => {
    const tags: GitTag[] = [];
    for (let p = 0; p < 40; p++) {
      for (const v of ['0.9.0', '1.0.0', '1.1.0-rc.1', '1.1.0', '1.2.0-rc.2', '1.2.0-rc.10']) tags.push(tag(`pkg${p}-v${v}`));
      // Newer, but not in HEAD's history: never the latest.
      tags.push(tag(`pkg${p}-v9.0.0`, false));
      // Equal to 1.1.0 once build metadata is dropped: the first listed stays the latest final.
      tags.push(tag(`pkg${p}-v1.1.0+build.${p}`));
    }
    const many = new TagIndex(TagList.from(tags));
    for (const p of [0, 17, 39]) {
      const t = many.packageTags('{name}-v{version}', `pkg${p}`);
      expect(t.latestFinal).toEqual({ tag: tag(`pkg${p}-v1.1.0`), version: '1.1.0' });
      expect(t.latest).toEqual({ tag: tag(`pkg${p}-v1.2.0-rc.10`), version: '1.2.0-rc.10' });
      expect(t.all.map((v) => v.tag.name)).toEqual(tags.filter((g) => g.name.startsWith(`pkg${p}-v`)).map((g) => g.name).sort());
      expect(t.all).toBe(t.all);
    }
    expect(many.packageTags('{name}-v{version}', 'pkg40')).toEqual({ all: [], latest: null, latestFinal: null });
  });

  it('keeps more tags, versions and commits than 16 bits count', () => {
    // 70,000 distinct versions under one prefix, on 70,000 commits; the highest listed in the middle.
    const tags: GitTag[] = Array.from({ length: 70_000 }, (_, i) => ({ name: `big-v${i === 35_000 ? 99 : 1}.${i}.0`, commit: `c${i}`, annotated: false, merged: true }));
    tags.push(tag('other-v1.0.0'));
    const big = new TagIndex(TagList.from(tags));
    const t = big.packageTags('{name}-v{version}', 'big');
    expect(t.all).toHaveLength(70_000);
    expect(t.latest).toEqual({ tag: tags[35_000], version: '99.35000.0' });
    expect(big.packageTags('{name}-v{version}', 'other').latest?.tag).toEqual(tag('other-v1.0.0'));
    expect(big.named('big-v1.69999.0')?.commit).toBe('c69999');
  });

  it('guesses the format most of a package\'s tags follow, and reads formats with text after the version', () => {
    const mixed = new TagIndex(TagList.from(['web@1.0.0', 'web@1.1.0', 'web@1.2.0', 'web@1.3.0', 'web-v0.1.0', 'web-1.2.0-linux', 'web-1.3.0-linux', 'web-1.4.0-linux'].map((n) => tag(n))));
    expect(mixed.guessFormat('web', 'none')).toBe('{name}@{version}');
    expect(mixed.guessFormat('web', 'none', ['{name}-v{version}', '{name}-{version}-linux'])).toBe('{name}-{version}-linux');
    expect(mixed.guessFormat('api', 'none')).toBe('none');
    expect(mixed.packageTags('{name}-{version}-linux', 'web').latest?.tag.name).toBe('web-1.4.0-linux');
  });

  it('answers the same for tags in the order git lists them and in any other', () => {
    const names = [
      'api-v1.2.0', 'api-v1.10.0-rc.1', 'api-v1.10.0', 'api-v2.0.0', 'api-vx', 'api-v1', 'api-v2-v1.0.0', 'api2-v3.0.0',
      '@acme/ui@0.4.1', '@acme/ui@0.5.0-beta.1', 'ui@0.4.1', 'v3.0.0', 'v3.1.0', 'stable', 'release-2024', '',
      'tool-1.0.0-2.0.0', 'tool-0.9.0', 'tool-1.0.0-1.5.0', 'tool-1.0.0', 'web-1.3.0-linux', 'web-1.4.0-linux',
      'café-v1.0.0', 'café-v1.1.0', 'caf-v9.9.9', '\u{1F600}-v1.0.0', '\uFF01-v1.0.0', 'z-v1.0.0+build.1', 'z-v1.0.0',
    ];
    const given = names.map((name, i) => ({ name, commit: `c${i % 7}`, annotated: i % 2 === 0, merged: i % 3 !== 0 }));
    const ordered = new TagIndex(TagList.from([...given].sort((a, b) => (a.name < b.name ? -1 : 1))));
    const reversed = new TagIndex(TagList.from([...given].reverse()));
    expect(ordered.tags.inNameOrder).toBe(true);
    expect(reversed.tags.inNameOrder).toBe(false);
    const formats = ['{name}-v{version}', '{name}@{version}', '{name}-{version}', 'v{version}', '{name}-{version}-linux', '{unscoped}@{version}'];
    for (const name of ['api', 'api-v2', 'api2', '@acme/ui', 'tool', 'tool-1.0.0', 'web', 'café', 'caf', '\u{1F600}', '\uFF01', 'z', 'none']) {
      for (const format of formats) {
        const [a, b] = [ordered, reversed].map((index) => index.packageTags(format, name));
        expect(b?.all).toEqual(a?.all);
        expect([b?.latest, b?.latestFinal]).toEqual([a?.latest, a?.latestFinal]);
      }
      expect(reversed.guessFormat(name, 'none', formats)).toBe(ordered.guessFormat(name, 'none', formats));
      // Guessing counts a package's tags its own way: a format is taken exactly where it has tags.
      for (const format of formats) expect(ordered.guessFormat(name, 'none', [format])).toBe(ordered.packageTags(format, name).all.length ? format : 'none');
    }
    expect(ordered.packageTags('{name}-v{version}', 'api').all.map((t) => t.version)).toEqual(['1.10.0', '1.10.0-rc.1', '1.2.0', '2.0.0']);
    expect(ordered.packageTags('{name}-v{version}', 'z').latestFinal?.tag.name).toBe('z-v1.0.0');
    expect(ordered.packageTags('{name}-v{version}', '\u{1F600}').latest?.tag.name).toBe('\u{1F600}-v1.0.0');
    for (const name of [...names, 'api-v1.2', 'api-v', 'café-v1.0', 'zz', '\u{1F601}-v1.0.0']) {
      const expected = given.find((t) => t.name === name);
      expect(ordered.named(name)).toEqual(expected);
      expect(reversed.named(name)).toEqual(expected);
    }
  });
});
