import { describe, expect, it } from 'vitest';
import { readFluxObjects } from '../../src/gitops/policies.js';
import type { ScannedFile } from '../../src/gitops/scan.js';
import { renderScalar, setMarkers, type LatestRef } from '../../src/gitops/setters.js';
import { YamlFile, YamlFileError } from '../../src/gitops/yamlFile.js';

const ref: LatestRef = { name: 'reg.example.com/team/app', tag: '1.0' };
const set = (text: string, r = ref) => setMarkers(new YamlFile('f.yaml', text), (p) => (p === 'ns:app' ? r : undefined));

describe('setters edit only the value', () => {
  it.each([
    // [input, output]
    ['tag: v1 # {"$imagepolicy": "ns:app:tag"}\n', 'tag: "1.0" # {"$imagepolicy": "ns:app:tag"}\n'],
    ["tag: 'v1' # {\"$imagepolicy\": \"ns:app:tag\"}\n", "tag: '1.0' # {\"$imagepolicy\": \"ns:app:tag\"}\n"],
    ['tag: "v1"   #   {"$imagepolicy":"ns:app:tag"}\n', 'tag: "1.0"   #   {"$imagepolicy":"ns:app:tag"}\n'],
    ['a:\r\n  image: x:1 # {"$imagepolicy": "ns:app"}\r\n  b: 2\r\n', 'a:\r\n  image: reg.example.com/team/app:1.0 # {"$imagepolicy": "ns:app"}\r\n  b: 2\r\n'],
    ['- x:1 # {"$imagepolicy": "ns:app"}\n- keep\n', '- reg.example.com/team/app:1.0 # {"$imagepolicy": "ns:app"}\n- keep\n'],
    ['---\nfirst: 1\n---\n# c\nname: old # {"$imagepolicy": "ns:app:name"}\n...\n', '---\nfirst: 1\n---\n# c\nname: reg.example.com/team/app # {"$imagepolicy": "ns:app:name"}\n...\n'],
    ['k: &anchor x:1 # {"$imagepolicy": "ns:app"}\nj: *anchor\n', 'k: &anchor reg.example.com/team/app:1.0 # {"$imagepolicy": "ns:app"}\nj: *anchor\n'],
  ])('%j', (input, output) => {
    expect(set(input).text).toBe(output);
  });

  // kyaml reads a line comment as a marker only when, without its leading #s, it is all one JSON object.
  it.each([
    ['#{"$imagepolicy":"ns:app:tag"}', true],
    ['## {"$imagepolicy": "ns:app:tag"}', true],
    ['# { "$imagepolicy" : "ns:app:tag" }', true],
    ['# {"$imagepolicy": "ns:app:tag", "owner": "team-a"}', true],
    ['# {"$imagepolicy": "ns:app:tag"} # pinned by hand', false],
    ['# DISABLED {"$imagepolicy": "ns:app:tag"}', false],
    ['# {"$imagepolicy": "ns:app:tag", "replicas": 2}', false],
    ['# {"$imagepolicy": ""}', false],
  ])('reads %s as a marker: %s', (comment, applied) => {
    const text = `tag: v1 ${comment}\n`;
    const u = set(text);
    expect(u.text).toBe(applied ? text.replace('v1', '"1.0"') : text);
    if (!applied) expect(u.problems[0]?.message).toBe(`the comment ${comment} is not a marker: Flux reads one only when the whole comment is {"$imagepolicy": "…"}`);
  });

  it('leaves a marker on its own line, or on a collection, alone', () => {
    const text = '# {"$imagepolicy": "ns:app"}\nimage: x:1\nlist: [a] # {"$imagepolicy": "ns:app"}\n';
    expect(set(text)).toMatchObject({ text, changes: [] });
  });

  it('reports markers it cannot read and digests the policy does not reflect', () => {
    const u = set('a: x # {"$imagepolicy": "ns:app:bogus"}\nb: y # {"$imagepolicy": "justname"}\nc: z # {"$imagepolicy": "ns:app:digest"}\n');
    expect(u.problems.map((p) => p.line)).toEqual([1, 2, 3]);
    expect(u.problems[2]?.message).toMatch('reflects no digest');
    expect(u.changes).toEqual([]);
  });

  it.each([
    ['1.0', '"1.0"'],
    ['20231201', '"20231201"'],
    ['yes', '"yes"'],
    ['on', '"on"'],
    ['1e3', '"1e3"'],
    ['v1.0.0', 'v1.0.0'],
    ['1.2.3', '1.2.3'],
    ['main-3f2a9c1-1700000000', 'main-3f2a9c1-1700000000'],
    ['a #b', '"a #b"'],
  ])('writes %j plain only when it reads back as that string: %s', (value, out) => {
    expect(renderScalar(value, 'plain')).toBe(out);
  });
});

describe('YAML limits', () => {
  it('refuses an alias bomb when reading objects', () => {
    const bomb = [
      'apiVersion: image.toolkit.fluxcd.io/v1beta2',
      'kind: ImagePolicy',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const file: ScannedFile = { path: 'bomb.yaml', yaml: new YamlFile('bomb.yaml', bomb), hasMarkers: false, hasFluxObjects: true };
    const warnings: string[] = [];
    expect(readFluxObjects([file], (w) => warnings.push(w)).policies).toEqual([]);
    expect(warnings[0]).toMatch(/^bomb\.yaml:1: .*alias.*\(document skipped\)$/i);
  });

  it('refuses an oversized file and names the line of a syntax error', () => {
    expect(() => new YamlFile('big.yaml', `a: ${'x'.repeat(3 * 1024 * 1024)}`)).toThrow(YamlFileError);
    expect(() => new YamlFile('bad.yaml', 'a: 1\nb: [\n').documents()).toThrow(/^bad\.yaml:\d+: /);
  });
});
