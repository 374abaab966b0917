import { describe, expect, it } from 'vitest';
import { compileGoRegexp, expandTemplate } from '../../src/gitops/goRegexp.js';

function expand(pattern: string, template: string, input: string): string | null {
  const { regexp, names } = compileGoRegexp(pattern);
  const m = regexp.exec(input);
  return m ? expandTemplate(template, m, names) : null;
}

describe('Go regexp translation', () => {
  it.each([
    // [pattern, input, matches]
    ['^main-[a-f0-9]+-(?P<ts>[0-9]+)$', 'main-3f2a9c1-1700000000', true],
    ['(?i)^MAIN-', 'main-x', true],
    ['^a{2}$', 'aa', true],
    ['^a{,2}$', 'a{,2}', true], // not a repeat in Go: literal braces
    ['^x}$', 'x}', true],
    ['^\\Q1.0+\\E$', '1.0+', true],
    ['^\\Q1.0+\\E$', '100+', false],
    ['^a.b$', 'a\nb', false],
    ['(?s)^a.b$', 'a\nb', true],
    ['^a\\z', 'a', true],
    ['\\Aa', 'ba', false],
    ['^[[:digit:]]+$', '123', true],
    ['^[[:alpha:]_-]+$', 'ab_-', true],
    ['^\\x{41}\\x42$', 'AB', true],
    ['^\\101$', 'A', true],
    ['^v\\-\\:\\#$', 'v-:#', true],
    ['^[\\-.]+$', '-.-', true],
    ['^\\pL+$', 'héllo', true],
    ['^\\p{Greek}+$', 'αβγ', true],
    ['^[]a]+$', ']a]', true],
    ['^a\\sb$', 'a\u00a0b', false], // Go's \s is ASCII space only
  ])('%s on %j: %s', (pattern, input, want) => {
    expect(compileGoRegexp(pattern).regexp.test(input)).toBe(want);
  });

  it.each(['(?=a)', '(?!a)', '(?<=a)', '(a)\\1', '(?U)a*', 'a**', '[a', '\\q'])('refuses %j as Go does', (pattern) => {
    expect(() => compileGoRegexp(pattern)).toThrow(/invalid regular expression/);
  });
});

describe("Go's Regexp.Expand", () => {
  it.each([
    ['(?P<ts>\\d+)', '$ts', 'x-42', '42'],
    ['(?P<ts>\\d+)', '${ts}', 'x-42', '42'],
    ['(\\d+)-(\\d+)', '$2.$1', '1-2', '2.1'],
    ['(\\d+)', '$1x', '7', ''], // the group named "1x" does not exist
    ['(\\d+)', '${1}x', '7', '7x'],
    ['(\\d+)', '$$1', '7', '$1'],
    ['(\\d+)', 'a$', '7', 'a$'],
    ['(\\d+)', '${1', '7', '${1'],
    ['(\\d+)', '$0', 'x7', '7'],
    ['(a)|(b)', '[$1$2]', 'b', '[b]'],
    ['(?P<word>[a-z]+)', '$word}', 'abc', 'abc}'],
  ])('%s with %j on %j gives %j', (pattern, template, input, want) => {
    expect(expand(pattern, template, input)).toBe(want);
  });
});
