import { describe, expect, it } from 'vitest';
import { planCommit } from '../../src/plan/planCommit.js';
import { TagList, type GitTag } from '../../src/git/tags.js';
import { CommitAttributor } from '../../src/plan/attribute.js';
import { CommitArray, commitList } from '../../src/plan/commitList.js';
import { planRelease, type PlanOptions } from '../../src/plan/plan.js';
import { TagIndex } from '../../src/plan/tagVersions.js';
import type { PackageHistory, PlanCommit } from '../../src/plan/types.js';
import type { Package } from '../../src/workspace/types.js';

function pkg(name: string, path: string, version = '1.0.0', extra: Partial<Package> = {}): Package {
  return {
    name,
    path,
    tagFormat: '{name}-v{version}',
    manifest: { kind: 'package.json', file: `${path}/package.json`, name, rawVersion: version, version, line: 3 },
    ...extra,
  };
}

function commit(sha: string, message: string): PlanCommit {
  return planCommit(sha, message, 'patch');
}

function tag(name: string, merged = true, commitSha = `c-${name}`): GitTag {
  return { name, commit: commitSha, annotated: true, merged };
}

function plan(packages: Package[], tags: GitTag[], histories: Record<string, [PlanCommit[], number?]>, options: PlanOptions = {}) {
  const h = new Map<string, PackageHistory>(Object.entries(histories).map(([k, [commits, since]]) => [k, { commits: commitList(commits), sinceLatestTag: since ?? commits.length }]));
  return planRelease({ packages, tags: new TagIndex(TagList.from(tags)), histories: h, options }).packages;
}

describe('planRelease', () => {
  it('bumps by the highest commit: breaking → major, feat → minor, else patch', () => {
    const ps = [pkg('a', 'a'), pkg('b', 'b'), pkg('c', 'c'), pkg('d', 'd')];
    const tags = ['a-v1.2.3', 'b-v1.2.3', 'c-v0.3.0', 'd-v2.0.0'].map((t) => tag(t));
    const result = plan(ps, tags, {
      a: [[commit('1', 'fix: x'), commit('2', 'feat: y')]],
      b: [[commit('3', 'docs: x'), commit('4', 'wip')]],
      c: [[commit('5', 'feat!: x')]],
      d: [[]],
    });
    expect(result.map((p) => [p.name, p.currentVersion, p.nextVersion, p.bump, p.tag])).toEqual([
      ['a', '1.2.3', '1.3.0', 'minor', 'a-v1.3.0'],
      ['b', '1.2.3', '1.2.4', 'patch', 'b-v1.2.4'],
      ['c', '0.3.0', '1.0.0', 'major', 'c-v1.0.0'],
      ['d', '2.0.0', null, null, null],
    ]);
  });

  it('below 1.0.0 follows the pre-major rule earlier tooling states; from 1.0.0 on, the bump as it is', () => {
    const minorOnBreaking = { preMajor: { breaking: 'minor', feature: 'minor' } } as const;
    const patchOnFeature = { preMajor: { breaking: 'minor', feature: 'patch' } } as const;
    const ps = [pkg('a', 'a', '0.3.0', minorOnBreaking), pkg('b', 'b', '0.3.0', patchOnFeature), pkg('c', 'c', '1.0.0', minorOnBreaking), pkg('d', 'd', '0.3.0', patchOnFeature)];
    const result = plan(ps, ['a-v0.3.0', 'b-v0.3.0', 'c-v1.0.0', 'd-v0.3.0'].map((t) => tag(t)), {
      a: [[commit('1', 'feat!: x')]],
      b: [[commit('2', 'feat: y')]],
      c: [[commit('3', 'feat!: z')]],
      d: [[commit('4', 'fix!: w')]],
    });
    expect(result.map((p) => [p.name, p.nextVersion, p.bump])).toEqual([
      ['a', '0.4.0', 'minor'],
      ['b', '0.3.1', 'patch'],
      ['c', '2.0.0', 'major'],
      ['d', '0.4.0', 'minor'],
    ]);
  });

  it('releases an untagged package at its manifest version', () => {
    const [p] = plan([pkg('new', 'new', '0.4.0')], [], { new: [[commit('1', 'feat: first')]] });
    expect(p).toMatchObject({ currentVersion: '0.4.0', nextVersion: '0.4.0', tag: 'new-v0.4.0' });
  });

  it('takes the highest version tag, not the newest', () => {
    const [p] = plan([pkg('a', 'a')], [tag('a-v1.10.0'), tag('a-v1.9.0')], { a: [[commit('1', 'fix: x')]] });
    expect(p?.nextVersion).toBe('1.10.1');
  });

  it('ignores tags outside HEAD history for the base but refuses to reuse them', () => {
    const [p] = plan([pkg('a', 'a')], [tag('a-v1.0.0'), tag('a-v1.0.1', false, 'elsewhere1')], { a: [[commit('1', 'fix: x')]] });
    expect(p?.nextVersion).toBe('1.0.1');
    expect(p?.detail.problems[0]).toMatch(/tag a-v1.0.1 already exists on commit elsewhe, which is not in this branch's history/);
  });

  it('counts release candidates up and moves the line on a breaking change', () => {
    const tags = [tag('a-v1.42.0'), tag('a-v1.43.0-rc.1'), tag('a-v1.43.0-rc.2')];
    const feat = commit('1', 'feat: x');
    expect(plan([pkg('a', 'a')], tags, { a: [[feat], 1] }, { prerelease: 'rc' })[0]?.nextVersion).toBe('1.43.0-rc.3');
    const breaking = commit('2', 'feat!: y');
    expect(plan([pkg('a', 'a')], tags, { a: [[breaking, feat], 1] }, { prerelease: 'rc' })[0]?.nextVersion).toBe('2.0.0-rc.1');
  });

  it('graduates candidates to the final even with no commit since the last candidate', () => {
    const tags = [tag('a-v1.42.0'), tag('a-v1.43.0-rc.2')];
    const [p] = plan([pkg('a', 'a')], tags, { a: [[commit('1', 'feat: x')], 0] });
    expect(p).toMatchObject({ currentVersion: '1.43.0-rc.2', nextVersion: '1.43.0', bump: 'minor' });
  });

  it('moves candidates to another identifier with no new commit (beta → rc)', () => {
    const tags = [tag('a-v1.42.0'), tag('a-v1.43.0-beta.2')];
    expect(plan([pkg('a', 'a')], tags, { a: [[commit('1', 'feat: x')], 0] }, { prerelease: 'rc' })[0]?.nextVersion).toBe('1.43.0-rc.1');
    expect(plan([pkg('a', 'a')], tags, { a: [[commit('1', 'feat: x')], 0] }, { prerelease: 'beta' })[0]?.nextVersion).toBeNull();
  });

  it('makes no new candidate when nothing changed since the last one', () => {
    const tags = [tag('a-v1.42.0'), tag('a-v1.43.0-rc.2')];
    const [p] = plan([pkg('a', 'a')], tags, { a: [[commit('1', 'feat: x')], 0] }, { prerelease: 'rc' });
    expect(p?.nextVersion).toBeNull();
  });

  it('counts candidates tagged on other branches so a number is never reused', () => {
    const tags = [tag('a-v1.0.0'), tag('a-v1.1.0-rc.4', false)];
    const [p] = plan([pkg('a', 'a')], tags, { a: [[commit('1', 'feat: x')]] }, { prerelease: 'rc' });
    expect(p?.nextVersion).toBe('1.1.0-rc.5');
  });

  it('releases patches only on a hotfix line and skips patch tags cut elsewhere', () => {
    const tags = [tag('a-v1.42.1'), tag('a-v1.42.2', false), tag('a-v1.43.0', false)];
    const [p] = plan([pkg('a', 'a')], tags, { a: [[commit('1', 'fix: urgent')]] }, { hotfix: true });
    expect(p).toMatchObject({ nextVersion: '1.42.3', bump: 'patch' });
    expect(p?.detail.problems).toEqual([]);
    const [refused] = plan([pkg('a', 'a')], tags, { a: [[commit('abcdef123', 'feat: not here')]] }, { hotfix: true });
    expect(refused?.detail.problems[0]).toMatch(/commit abcdef1 \(feat: not here\) asks for a minor release/);
  });

  it('uses the first release line when only candidates exist', () => {
    const [p] = plan([pkg('a', 'a', '1.0.0')], [tag('a-v1.0.0-rc.1')], { a: [[commit('1', 'fix: x')], 1] });
    expect(p?.nextVersion).toBe('1.0.0');
  });
});

describe('CommitAttributor', () => {
  const log = (sha: string, parents: string[], message: string, paths: (string | [string, string])[]) => ({
    sha,
    parents,
    message,
    changes: paths.map((p) => (typeof p === 'string' ? { status: 'M', path: p } : { status: 'R', from: p[0], path: p[1] })),
  });

  function attribute(packages: Package[], commits: ReturnType<typeof log>[], boundaries: Record<string, { final: string | null; latest: string | null }> = {}, exclude: string[] = []) {
    const kept = new CommitArray();
    const a = new CommitAttributor(
      packages,
      { boundaries: new Map(Object.entries(boundaries)), exclude, nonConventional: 'patch', isReleaseCommit: (m) => m.startsWith('chore(release):') },
      kept,
    );
    a.consume(commits);
    return Object.fromEntries(a.result().map((v, i) => [(packages[i] as Package).name, Array.from(kept.list(v.numbers), (c) => c.sha)]));
  }

  it('gives a file to the deepest package folder and honours paths globs', () => {
    const root = pkg('feluda', '.', '1.0.0', { paths: ['feluda/**', 'pyproject.toml'] });
    const op = pkg('op', 'operators/op');
    const result = attribute([root, op], [
      log('5', ['4'], 'fix: op', ['operators/op/x.py']),
      log('4', ['3'], 'fix: core', ['feluda/core.py']),
      log('3', ['2'], 'docs: readme', ['README.md']),
      log('2', ['1'], 'build: deps', ['pyproject.toml', 'operators/op/pyproject.toml']),
    ]);
    expect(result).toEqual({ feluda: ['4', '2'], op: ['5', '2'] });
  });

  it('leaves out commits the package tag reaches, following merges through both parents', () => {
    // m merges side branch s into main; a's tag is on 2, so 1 and 2 are released for a.
    const a = pkg('a', 'a');
    const commits = [
      log('m', ['3', 's'], 'Merge branch side', []),
      log('3', ['2'], 'fix: main', ['a/x']),
      log('s', ['1'], 'feat: side', ['a/y']),
      log('2', ['1'], 'chore(release): a-v1.0.0', ['a/package.json']),
      log('1', [], 'feat: first', ['a/z']),
    ];
    expect(attribute([a], commits, { a: { final: '2', latest: '2' } })).toEqual({ a: ['3', 's'] });
  });

  it('never counts release commits or merge commits', () => {
    const a = pkg('a', 'a');
    expect(attribute([a], [log('2', ['1', 'x'], 'Merge', ['a/x']), log('1', [], 'chore(release): a-v2.0.0', ['a/package.json'])])).toEqual({ a: [] });
  });

  it('follows a renamed package folder back to its old name', () => {
    const a = pkg('a', 'packages/a');
    const result = attribute([a], [
      log('3', ['2'], 'fix: after move', ['packages/a/x']),
      log('2', ['1'], 'refactor: move', [['old-a/x', 'packages/a/x']]),
      log('1', [], 'feat: before move', ['old-a/y']),
    ]);
    expect(result).toEqual({ a: ['3', '2', '1'] });
  });

  it('drops excluded files', () => {
    const a = pkg('a', 'a', '1.0.0', { exclude: ['**/*.md'] });
    expect(attribute([a], [log('2', ['1'], 'docs: x', ['a/README.md']), log('1', [], 'fix: y', ['a/tests/fixture.py'])], {}, ['**/tests/**'])).toEqual({ a: [] });
  });
});
