import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergedTagCommits, readTagRefs, TagList, type GitTag } from '../../src/git/tags.js';
import { TagIndex } from '../../src/plan/tagVersions.js';
import { TestRepo } from '../helpers/repo.js';

describe('the tag list', () => {
  it("reads every tag, peeled, with whether HEAD's history holds it; a tag of a tree names no commit of it", async () => {
    const repo = TestRepo.init();
    const first = repo.commit('chore: init', { 'a.txt': '1\n' });
    repo.tag('a-v1.0.0');
    repo.tag('b-v1.0.0', 'HEAD', false);
    const tree = repo.git('rev-parse', 'HEAD^{tree}');
    repo.git('tag', 'tree-tag', tree);
    repo.git('tag', '-a', '-m', 'a tree', 'annotated-tree-tag', tree);
    repo.git('checkout', '-q', '-b', 'side');
    const side = repo.commit('feat: side', { 's.txt': '1\n' });
    repo.tag('side-v0.1.0');
    repo.git('checkout', '-q', 'main');
    const head = repo.commit('fix: main', { 'a.txt': '2\n' });
    repo.tag('a-v1.0.1');
    // A name git allows but that is not UTF-8: relman reads it as decoding would.
    writeFileSync(Buffer.from(path.join(repo.dir, '.git/refs/tags/caf\xe9-v2.0.0'), 'latin1'), `${head}\n`);

    const tags = await readTagRefs(repo.dir);
    const byName = (list: Iterable<GitTag>) => Object.fromEntries(Array.from(list, (t) => [t.name, t]));
    expect(byName(tags)).toEqual({
      'a-v1.0.0': { name: 'a-v1.0.0', commit: first, annotated: true, merged: false },
      'b-v1.0.0': { name: 'b-v1.0.0', commit: first, annotated: false, merged: false },
      'side-v0.1.0': { name: 'side-v0.1.0', commit: side, annotated: true, merged: false },
      'a-v1.0.1': { name: 'a-v1.0.1', commit: head, annotated: true, merged: false },
      'caf\ufffd-v2.0.0': { name: 'caf\ufffd-v2.0.0', commit: head, annotated: false, merged: false },
      'tree-tag': { name: 'tree-tag', commit: tree, annotated: false, merged: false },
      'annotated-tree-tag': { name: 'annotated-tree-tag', commit: tree, annotated: true, merged: false },
    });
    expect([...tags.commits()].sort()).toEqual([first, side, head, tree].sort());

    const merged = await mergedTagCommits(repo.dir, head);
    const asked: string[] = [];
    tags.markMerged((commit) => (asked.push(commit), merged.has(commit)));
    expect(asked.sort()).toEqual([first, side, head, tree].sort());
    expect(Array.from(tags, (t) => `${t.name} ${t.merged}`).sort()).toEqual(['a-v1.0.0 true', 'a-v1.0.1 true', 'annotated-tree-tag false', 'b-v1.0.0 true', 'caf\ufffd-v2.0.0 true', 'side-v0.1.0 false', 'tree-tag false']);

    const index = new TagIndex(tags);
    expect(index.named('caf\ufffd-v2.0.0')?.commit).toBe(head);
    expect(index.packageTags('{name}-v{version}', 'a').latest?.tag.name).toBe('a-v1.0.1');
    expect(index.packageTags('{name}-v{version}', 'side').latest).toBeNull();
  });

  it('peels a tag of a tag to its commit, in HEAD\'s history or not', async () => {
    const repo = TestRepo.init();
    const first = repo.commit('chore: init', { 'a.txt': '1\n' });
    repo.git('checkout', '-q', '-b', 'side');
    const side = repo.commit('feat: side', { 's.txt': '1\n' });
    repo.git('checkout', '-q', 'main');
    const head = repo.commit('fix: main', { 'a.txt': '2\n' });
    // Tags of tags (and of a tag of a tag), whose inner tags are then deleted: only the outer ones name the commits.
    for (const [inner, commit] of [['inner-main', first], ['inner-side', side]] as const) {
      repo.git('tag', '-a', '-m', inner, inner, commit);
      repo.git('tag', '-a', '-m', 'outer', `${inner}-outer-v1.0.0`, inner);
      repo.git('tag', '-a', '-m', 'outermost', `${inner}-outermost-v1.0.0`, `${inner}-outer-v1.0.0`);
      repo.git('tag', '-d', inner);
    }
    const tags = await readTagRefs(repo.dir);
    tags.markMerged(await mergedTagCommits(repo.dir, head).then((merged) => (commit: string) => merged.has(commit)));
    expect(Array.from(tags, (t) => `${t.name} ${t.commit === first ? 'first' : t.commit === side ? 'side' : t.commit} ${t.annotated} ${t.merged}`).sort()).toEqual([
      'inner-main-outer-v1.0.0 first true true',
      'inner-main-outermost-v1.0.0 first true true',
      'inner-side-outer-v1.0.0 side true false',
      'inner-side-outermost-v1.0.0 side true false',
    ]);
  });

  it('keeps what it is given, tag for tag, and tells names apart by every byte', () => {
    const given: GitTag[] = Array.from({ length: 700 }, (_, i) => ({ name: `pkg-${i % 50}-v1.${i}.0${i % 3 ? '' : '-ünï'}`, commit: `c${i % 9}`, annotated: i % 2 === 0, merged: i % 5 === 0 }));
    const list = TagList.from(given);
    expect([...list]).toEqual(given);
    expect(list.commits()).toHaveLength(9);
    for (const i of [0, 1, 350, 699]) {
      const t = given[i] as GitTag;
      expect(list.compareName(i, t.name)).toBe(0);
      expect(list.compareName(i, `${t.name}x`)).toBeLessThan(0);
      expect(list.compareName(i, t.name.slice(0, -1))).toBeGreaterThan(0);
      expect(list.compareName(i, t.name.slice(0, -1), true)).toBe(0);
      expect(list.compareName(i, `${t.name}x`, true)).toBeLessThan(0);
    }
    expect(list.inNameOrder).toBe(false);
  });

  it('reads every name back from the words it keeps them as: without a digit, starting with one, non-ASCII, long', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `${'ü'.repeat(i % 97)}pkg-${i % 40}-v1.0.${i}`);
    names.splice(2500, 0, `long-${'x'.repeat(100_000)}-v1.0.0`, 'stable', '2024-01-01-deploy', 'pkg-1-v1.0.1x', 'pkg-1-v', '', '\ud800-v1.0.0');
    const list = TagList.from(names.map((name) => ({ name, commit: 'c', annotated: false, merged: false })));
    expect(Array.from({ length: list.length }, (_, i) => list.name(i))).toEqual(names);
    // Compared as JavaScript compares strings, each name with the next and with its own first half.
    const sign = (n: number) => Math.sign(n);
    names.forEach((name, i) => {
      expect(list.compareName(i, name)).toBe(0);
      const next = names[i + 1] ?? 'none';
      expect(sign(list.compareName(i, next))).toBe(name < next ? -1 : name > next ? 1 : 0);
      expect(list.compareName(i, name.slice(0, name.length >> 1), true)).toBe(0);
      expect(sign(list.compareName(i, next, true))).toBe(name.startsWith(next) ? 0 : sign(list.compareName(i, next)));
    });
  });
});
