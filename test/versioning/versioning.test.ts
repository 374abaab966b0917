import { describe, expect, it } from 'vitest';
import { bumpVersion, compareVersions, fromPep440, isPrerelease, orderVersions, prereleaseId, pep440Range, prereleaseNumber, rangeTakes, refNameProblem, renderTag, tagMatcher, toPep440 } from '../../src/versioning/index.js';

describe('versioning', () => {
  it.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'major', '2.0.0'],
    ['0.4.1', 'major', '1.0.0'],
    ['1.3.0-rc.2', 'minor', '1.4.0'],
  ] as const)('%s + %s = %s', (v, bump, next) => expect(bumpVersion(v, bump)).toBe(next));

  it.each([
    ['2.0.0', '2.0.0'],
    ['2.0.0-rc.1', '2.0.0rc1'],
    ['2.0.0-alpha.1', '2.0.0a1'],
    ['2.0.0-beta.2', '2.0.0b2'],
    ['2.0.0-dev.3', '2.0.0.dev3'],
  ])('PEP 440 form of %s is %s', (semver, pep) => expect(toPep440(semver)).toBe(pep));

  it('refuses pre-release identifiers PEP 440 has no form for', () => {
    expect(() => toPep440('2.0.0-canary.1')).toThrow(/no PEP 440 form/);
    expect(() => toPep440('2.0.0-rc')).toThrow(/no PEP 440 form/);
  });

  it.each([
    ['2.0.0rc1', '2.0.0-rc.1'],
    ['1.0', '1.0.0'],
    ['1.2.3', '1.2.3'],
    ['1.0.0b2', '1.0.0-b.2'],
    ['1.0.0.dev4', '1.0.0-dev.4'],
    ['1!2.0', null],
    ['banana', null],
  ])('reads PEP 440 %s as %s', (pep, semver) => expect(fromPep440(pep)).toBe(semver));

  it('renders and parses tag formats', () => {
    expect(renderTag('{name}-v{version}', 'api', '1.2.0')).toBe('api-v1.2.0');
    expect(renderTag('{unscoped}@{version}', '@acme/ui', '1.0.0')).toBe('ui@1.0.0');
    const m = tagMatcher('{name}-v{version}', 'api');
    expect(m.versionOf('api-v1.2.0')).toBe('1.2.0');
    expect(m.versionOf('api-v1.2.0-rc.1')).toBe('1.2.0-rc.1');
    expect(m.versionOf('api-gateway-v1.2.0')).toBeNull();
    expect(m.versionOf('api-v1.2')).toBeNull();
    expect(tagMatcher('release/{version}/final', 'x').versionOf('release/1.0.0/final')).toBe('1.0.0');
  });

  it('counts candidates of one release line', () => {
    expect(prereleaseNumber('1.4.0-rc.3', '1.4.0', 'rc')).toBe(3);
    expect(prereleaseNumber('1.4.0-beta.3', '1.4.0', 'rc')).toBeNull();
    expect(prereleaseNumber('1.5.0-rc.3', '1.4.0', 'rc')).toBeNull();
  });

  it.each([
    ['api-v1.0.0', null],
    ['@acme/ui@1.0.0', null],
    ['has space-v1', 'contains a space, a control character or one of ~ ^ : ? * [ \\'],
    ['a..b', 'contains ".."'],
    ['x.lock', 'has a component ending with ".lock"'],
    ['-rf', 'starts with "-"'],
    ['a@{b', 'contains "@{"'],
  ])('ref name %s', (name, problem) => expect(refNameProblem(name)).toBe(problem));
});

describe('pep440Range: PEP 440 specifiers in npm range syntax', () => {
  it.each([
    ['>=0.3,<0.4', '>=0.3.0 <0.4.0', ['0.3.0', '0.3.9'], ['0.4.0', '0.2.9']],
    ['==1.2.*', '1.2.x', ['1.2.0', '1.2.7'], ['1.3.0']],
    ['==1.2', '=1.2.0', ['1.2.0'], ['1.2.1']],
    ['~=1.4.5', '>=1.4.5 <1.5.0-0', ['1.4.5', '1.4.9'], ['1.5.0', '1.4.4']],
    ['~=2.2', '>=2.2.0 <3.0.0-0', ['2.2.0', '2.9.1'], ['3.0.0', '2.1.0']],
    ['>=1.0, !=1.3.1', '>=1.0.0', ['1.3.1', '5.0.0'], ['0.9.0']],
    ['< 2.0.0rc1', '<2.0.0-rc.1', ['1.9.0'], ['2.0.0']],
  ])('%s → %s', (specifiers, range, inside, outside) => {
    expect(pep440Range(specifiers)).toBe(range);
    for (const v of inside) expect(rangeTakes(range, v)).toBe(true);
    for (const v of outside) expect(rangeTakes(range, v)).toBe(false);
  });

  it.each(['===1.0', '!=1.0', '', '>=1.0.post1', '~=1'])('%s has no such range', (specifiers) => expect(pep440Range(specifiers)).toBeNull());
});

describe('comparing versions', () => {
  it('orders versions as semver does, however many distinct ones are compared', () => {
    // More versions than are kept parsed: the answer does not depend on what was kept.
    const versions = Array.from({ length: 9000 }, (_, i) => `1.${i % 300}.${Math.floor(i / 300)}${i % 7 === 0 ? '-rc.1' : ''}`);
    for (let i = 1; i < versions.length; i += 97) {
      const [a, b] = [versions[i - 1] as string, versions[i] as string];
      expect(compareVersions(a, b)).toBe(-compareVersions(b, a));
    }
    expect(compareVersions('1.2.0-rc.10', '1.2.0-rc.2')).toBe(1);
    expect(compareVersions('1.2.0', '1.2.0-rc.10')).toBe(1);
    expect(compareVersions('1.2.0+build.1', '1.2.0')).toBe(0);
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
  });

  it('orders many versions at once as compareVersions does, equal versions in one place', () => {
    const versions = ['1.2.0', '1.2.0-rc.10', '0.9.0', '1.2.0+build.1', '1.2.0-rc.2', '2.0.0-beta.1', '1.10.0', '1.9.9', '1.2.0-rc.2'];
    const { rank, prerelease } = orderVersions(versions);
    versions.forEach((a, i) => versions.forEach((b, j) => expect(Math.sign((rank[i] as number) - (rank[j] as number))).toBe(compareVersions(a, b))));
    expect(Array.from(rank)).toEqual([3, 2, 0, 3, 1, 6, 5, 4, 1]);
    expect(Array.from(prerelease)).toEqual([0, 1, 0, 0, 1, 1, 0, 0, 1]);
    expect(orderVersions([]).rank).toHaveLength(0);
    expect(() => orderVersions(['1.0.0', 'banana'])).toThrow(/Invalid Version: banana/);
  });

  it('refuses text that is no version, and tells candidates from finals', () => {
    expect(() => compareVersions('1.2', '1.2.0')).toThrow(/Invalid Version: 1\.2/);
    expect(() => compareVersions('1.2.0', 'banana')).toThrow(/Invalid Version: banana/);
    expect([isPrerelease('1.2.0-rc.1'), isPrerelease('1.2.0'), isPrerelease('1.2.0+b'), isPrerelease('banana')]).toEqual([true, false, false, false]);
    expect([prereleaseId('1.2.0-beta.3'), prereleaseId('1.2.0-4'), prereleaseId('1.2.0'), prereleaseId('banana')]).toEqual(['beta', '4', null, null]);
  });
});
