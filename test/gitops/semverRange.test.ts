import { describe, expect, it } from 'vitest';
import { parseRange, parseStrictVersion, satisfies } from '../../src/gitops/semverRange.js';

const matches = (range: string, version: string) => {
  const v = parseStrictVersion(version);
  if (!v) throw new Error(`bad version ${version}`);
  return satisfies(v, parseRange(range));
};

describe('Masterminds semver ranges', () => {
  it.each([
    // [range, version, matches]
    ['>=1.0.0', '2.0.0', true],
    ['>=1.0.0', '2.0.0-rc.1', false],
    ['>=1.0.0-0', '2.0.0-rc.1', true],
    ['>=1.0.0-0', '2.0.0', true],
    ['>=1.0.0-0 <2.0.0', '1.5.0-rc.1', true],
    ['>=1.0.0-0, <2.0.0', '2.0.0-rc.1', true], // pre-release < its final, and the group admits pre-releases
    ['>=1.0.0 <2.0.0 || >=3.0.0-0', '3.1.0-beta.1', true],
    ['>=1.0.0 <2.0.0 || >=3.0.0-0', '1.5.0-beta.1', false],
    ['*-0', '0.0.1-alpha', true],
    ['*', '1.0.0-alpha', false],
    ['1.0', '1.0.9', true], // bare partial version means ~
    ['1.0', '1.1.0', false],
    ['1.2.3', '1.2.3', true],
    ['=1.2.3', '1.2.4', false],
    ['!=1.2.3', '1.2.4', true],
    ['!=1.x', '1.9.0', false],
    ['>11', '11.9.0', false], // >11 is >=12
    ['>11', '12.0.0', true],
    ['>1.1', '1.1.9', false],
    ['>1.1', '1.2.0', true],
    ['<=1.2', '1.2.9', true],
    ['<=1.2', '1.3.0', false],
    ['~1.2.3', '1.2.9', true],
    ['~1.2.3', '1.3.0', false],
    ['~1', '1.9.9', true],
    ['^1.2.3', '1.9.0', true],
    ['^1.2.3', '2.0.0', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.2.3', '0.3.0', false],
    ['^0.0.3', '0.0.4', false],
    ['^1.x-0', '1.4.0-rc.1', true],
    ['1.0.0 - 1.2.0', '1.2.0', true],
    ['1.0.0 - 1.2.0', '1.2.1', false],
    ['v1.0.x', '1.0.5', true],
    ['>= 1.2, < 2.0', '1.9.0', true],
  ])('%s admits %s: %s', (range, version, want) => {
    expect(matches(range, version)).toBe(want);
  });

  it.each(['*-*', '', 'foo', '>=1.0.0 <', '1.2.3.4'])('refuses %j', (range) => {
    expect(() => parseRange(range)).toThrow(/improper constraint/);
  });

  it.each([
    ['1.2.3', true],
    ['v1.2.3', true],
    ['vv1.2.3', false],
    ['1.2', false],
    ['01.2.3', false],
    ['1.2.3-01', false],
    ['1.2.3-rc.1+build.5', true],
    ['1.0.0.1', false],
  ])('strict tag %s: %s', (tag, valid) => {
    expect(parseStrictVersion(tag) !== null).toBe(valid);
  });
});
