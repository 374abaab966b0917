import { describe, expect, it } from 'vitest';
import { VERSION_PATTERN } from '../../src/workspace/versionEdit.js';
import { setVersionOnLines } from '../../src/workspace/versionLines.js';
import { setMarkedVersions } from '../../src/workspace/versionMarkers.js';
import { dottedPath, parseJsonPath, setVersionsAt } from '../../src/workspace/versionPaths.js';
import { setVersionVariable } from '../../src/workspace/versionVariables.js';

const FINAL = [{ from: '1.2.0', to: '1.3.0' }];
/** A Python package's candidate: PEP 440 first (the manifest's form), then semver. */
const CANDIDATE = [
  { from: '2.0.0rc1', to: '2.0.0rc2' },
  { from: '2.0.0-rc.1', to: '2.0.0-rc.2' },
];

describe('version variables (python-semantic-release version_variables)', () => {
  it.each([
    { name: 'a Python assignment', text: '"""Acme."""\n__version__ = "1.2.0"\n', variable: '__version__', expected: '"""Acme."""\n__version__ = "1.3.0"\n' },
    { name: 'single quotes, no spaces, CRLF', text: "__version__='1.2.0'\r\nx = 1\r\n", variable: '__version__', expected: "__version__='1.3.0'\r\nx = 1\r\n" },
    { name: 'a JSON key', text: '{\n  "version": "1.2.0",\n  "deps": {"x": "1.2.0"}\n}\n', variable: 'version', expected: '{\n  "version": "1.3.0",\n  "deps": {"x": "1.2.0"}\n}\n' },
    { name: 'a walrus, unquoted', text: 'VERSION := 1.2.0\n', variable: 'VERSION', expected: 'VERSION := 1.3.0\n' },
    { name: 'every assignment of the current version', text: 'version = "1.2.0"\nversion = "1.2.0"\n', variable: 'version', expected: 'version = "1.3.0"\nversion = "1.3.0"\n' },
    { name: 'not the end of a longer name', text: 'my_version = "1.2.0"\nversion = "1.2.0"\n', variable: 'version', expected: 'my_version = "1.2.0"\nversion = "1.3.0"\n' },
  ])('$name', ({ text, variable, expected }) => {
    expect(setVersionVariable(text, 'src/acme/__init__.py', variable, FINAL)).toEqual({ text: expected, problems: [] });
  });

  it.each([
    { name: 'PEP 440 stays PEP 440', text: '__version__ = "2.0.0rc1"\n', expected: '__version__ = "2.0.0rc2"\n' },
    { name: 'semver stays semver', text: '__version__ = "2.0.0-rc.1"\n', expected: '__version__ = "2.0.0-rc.2"\n' },
    { name: 'already the new version', text: '__version__ = "2.0.0rc2"\n', expected: '__version__ = "2.0.0rc2"\n' },
  ])('a candidate: $name', ({ text, expected }) => {
    expect(setVersionVariable(text, 'a.py', '__version__', CANDIDATE)).toEqual({ text: expected, problems: [] });
  });

  it('the tag stamp (tf) replaces the tag', () => {
    const tag = [{ from: 'v1.2.0', to: 'v1.3.0' }];
    expect(setVersionVariable('TAG = "v1.2.0"\n', 'a.py', 'TAG', tag, `v${VERSION_PATTERN}`)).toEqual({ text: 'TAG = "v1.3.0"\n', problems: [] });
  });

  it.each([
    { name: 'another version is left and reported', text: '__version__ = "1.1.0"\n', problems: ['a.py:1: __version__ is 1.1.0, not the current version 1.2.0; left unchanged'] },
    { name: 'no assignment is reported', text: '__version__ = get_version()\n', problems: ['a.py: no version assigned to __version__; left unchanged'] },
  ])('$name', ({ text, problems }) => {
    expect(setVersionVariable(text, 'a.py', '__version__', FINAL)).toEqual({ text, problems });
  });
});

describe('version lines (commitizen version_files)', () => {
  it.each([
    {
      name: 'no pattern: every whole occurrence of the current version',
      text: 'Install 1.2.0 (not 11.2.0, 1.2.0.1 or 1.2.0-rc.1): v1.2.0.\n',
      pattern: undefined,
      expected: 'Install 1.3.0 (not 11.2.0, 1.2.0.1 or 1.2.0-rc.1): v1.3.0.\n',
    },
    {
      name: 'a pattern selects the lines, CRLF kept',
      text: 'requires = ["dep==1.2.0"]\r\nversion = "1.2.0"\r\n',
      pattern: '^version',
      expected: 'requires = ["dep==1.2.0"]\r\nversion = "1.3.0"\r\n',
    },
    {
      name: "Python's named groups",
      text: '  rev: "1.2.0"  # acme\n  rev: 1.2.0\n',
      pattern: 'rev: (?P<q>"?)\\S+(?P=q)\\s+# acme',
      expected: '  rev: "1.3.0"  # acme\n  rev: 1.2.0\n',
    },
  ])('$name', ({ text, pattern, expected }) => {
    expect(setVersionOnLines(text, 'README.md', pattern, FINAL)).toEqual({ text: expected, problems: [] });
  });

  it('a candidate keeps the form each occurrence has', () => {
    expect(setVersionOnLines('a 2.0.0rc1 b 2.0.0-rc.1\n', 'f', undefined, CANDIDATE)).toEqual({ text: 'a 2.0.0rc2 b 2.0.0-rc.2\n', problems: [] });
  });

  it.each([
    { name: 'the version on no selected line', text: 'name = "1.2.0"\n', pattern: '^version', problems: ['README.md: the current version 1.2.0 is not on a line matching "^version"; left unchanged'] },
    { name: 'the version nowhere', text: 'nothing\n', pattern: undefined, problems: ['README.md: the current version 1.2.0 is not; left unchanged'] },
    { name: 'a pattern JavaScript cannot read', text: 'version 1.2.0\n', pattern: '(?<!x', problems: ['README.md: the pattern "(?<!x" is not a regular expression relman can read; left unchanged'] },
  ])('$name', ({ text, pattern, problems }) => {
    expect(setVersionOnLines(text, 'README.md', pattern, FINAL)).toEqual({ text, problems });
  });

  it('a line already at the new version is no problem', () => {
    expect(setVersionOnLines('version = "1.3.0"\n', 'f', '^version', FINAL)).toEqual({ text: 'version = "1.3.0"\n', problems: [] });
  });
});

describe('marked lines (release-please generic extra-files)', () => {
  it.each([
    {
      name: 'an inline marker: the first version on the line, whatever it is',
      text: 'const VERSION = "0.9.0"; // x-release-please-version\nconst OTHER = "0.9.0";\n',
      expected: 'const VERSION = "2.1.0-rc.1"; // x-release-please-version\nconst OTHER = "0.9.0";\n',
    },
    {
      name: 'a block, CRLF kept; the start line itself is not edited',
      text: '<!-- x-release-please-start-version 1.0.0 -->\r\nimage: acme:1.0.0\r\nurl: /v1.0.0/acme <!-- x-release-please-end -->\r\nafter: 1.0.0\r\n',
      expected: '<!-- x-release-please-start-version 1.0.0 -->\r\nimage: acme:2.1.0-rc.1\r\nurl: /v2.1.0-rc.1/acme <!-- x-release-please-end -->\r\nafter: 1.0.0\r\n',
    },
    {
      name: 'major, minor and patch markers',
      text: 'MAJOR = 1 # x-release-please-major\nMINOR = 9 # x-release-please-minor\nPATCH = 9 # x-release-please-patch\n',
      expected: 'MAJOR = 2 # x-release-please-major\nMINOR = 1 # x-release-please-minor\nPATCH = 0 # x-release-please-patch\n',
    },
  ])('$name', ({ text, expected }) => {
    expect(setMarkedVersions(text, 'f', '2.1.0-rc.1', '2.1.0-rc.1')).toEqual({ text: expected, problems: [] });
  });

  it('a file without a marker is reported', () => {
    expect(setMarkedVersions('v = "1.0.0"\n', 'version.go', '1.1.0', '1.1.0')).toEqual({ text: 'v = "1.0.0"\n', problems: ['version.go: no line is marked x-release-please-version; left unchanged'] });
  });
});

describe('JSONPath', () => {
  it.each([
    { path: '$.version', steps: [{ key: 'version' }] },
    { path: "$.packages[0]['tool.name'].version", steps: [{ key: 'packages' }, { index: 0 }, { key: 'tool.name' }, { key: 'version' }] },
    { path: '$["a"].*[*]', steps: [{ key: 'a' }, { any: true }, { any: true }] },
    { path: '$..version', steps: [{ descend: true }, { key: 'version' }] },
    { path: '$.a[?(@.b)]', steps: null },
    { path: 'version', steps: null },
  ])('$path', ({ path, steps }) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });
});

describe('values at a path (release-please json, yaml and toml extra-files; python-semantic-release version_toml)', () => {
  it.each([
    {
      name: 'JSON: a range keeps its operator; other strings stay',
      kind: 'json' as const,
      text: '{\n  "version": "1.0.0",\n  "dependencies": { "acme": "^1.0.0" },\n  "other": "1.0.0"\n}\n',
      path: '$.dependencies.acme',
      expected: '{\n  "version": "1.0.0",\n  "dependencies": { "acme": "^1.3.0" },\n  "other": "1.0.0"\n}\n',
    },
    {
      name: 'JSON: recursive descent, CRLF',
      kind: 'json' as const,
      text: '{"a": {"version": "1.2.0"},\r\n "b": [{"version": "1.2.0"}]}\r\n',
      path: '$..version',
      expected: '{"a": {"version": "1.3.0"},\r\n "b": [{"version": "1.3.0"}]}\r\n',
    },
    {
      name: 'YAML: every document, comments and quotes kept',
      kind: 'yaml' as const,
      text: '# app\nversion: 1.2.0 # here\nimage:\n  tag: "v1.2.0"\n---\nversion: \'1.2.0\'\n',
      path: '$.version',
      expected: '# app\nversion: 1.3.0 # here\nimage:\n  tag: "v1.2.0"\n---\nversion: \'1.3.0\'\n',
    },
    {
      name: 'TOML: a dotted key path',
      kind: 'toml' as const,
      text: '[tool.poetry]\nname = "acme"\nversion = "1.2.0" # kept\n',
      path: 'tool.poetry.version',
      expected: '[tool.poetry]\nname = "acme"\nversion = "1.3.0" # kept\n',
    },
  ])('$name', ({ kind, text, path, expected }) => {
    const steps = kind === 'toml' ? dottedPath(path) : parseJsonPath(path);
    expect(setVersionsAt(text, 'f', kind, steps ?? [], path, FINAL)).toEqual({ text: expected, problems: [] });
  });

  it.each([
    { name: 'nothing at the path', text: '{"name": "x"}\n', problems: ['f.json: no string value at $.version; left unchanged'] },
    { name: 'no version in the value', text: '{"version": "latest"}\n', problems: ['f.json:1: $.version holds no version; left unchanged'] },
  ])('$name', ({ text, problems }) => {
    expect(setVersionsAt(text, 'f.json', 'json', [{ key: 'version' }], '$.version', FINAL)).toEqual({ text, problems });
  });
});
