import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { UnversionedManifestError } from '../../src/workspace/errors.js';
import { pyprojectToml } from '../../src/workspace/pyproject.js';
import { catchError } from './catchError.js';

const FILE = 'operators/foo/pyproject.toml';

describe('pyproject.toml: read then write changes only the version characters', () => {
  const cases: { name: string; text: string; raw: string; version: string; line: number; write: string; expected: string }[] = [
    {
      name: 'PEP 621 with comments',
      text: '# the operator\n[project]\nname = "foo"  # its name\nversion = "1.2.3"  # bumped by relman\ndependencies = ["a>=1"]\n',
      raw: '1.2.3',
      version: '1.2.3',
      line: 4,
      write: '1.3.0',
      expected: '# the operator\n[project]\nname = "foo"  # its name\nversion = "1.3.0"  # bumped by relman\ndependencies = ["a>=1"]\n',
    },
    {
      name: 'single quotes, no trailing newline',
      text: "[project]\nname = 'foo'\nversion = '0.1.0'",
      raw: '0.1.0',
      version: '0.1.0',
      line: 3,
      write: '0.2.0',
      expected: "[project]\nname = 'foo'\nversion = '0.2.0'",
    },
    {
      name: 'CRLF line endings',
      text: '[project]\r\nname = "foo"\r\nversion = "1.0.0"\r\n\r\n[tool.ruff]\r\nline-length = 100\r\n',
      raw: '1.0.0',
      version: '1.0.0',
      line: 3,
      write: '2.0.0',
      expected: '[project]\r\nname = "foo"\r\nversion = "2.0.0"\r\n\r\n[tool.ruff]\r\nline-length = 100\r\n',
    },
    {
      name: 'PEP 440 candidate in, candidate out',
      text: '[project]\nname = "foo"\nversion = "2.0.0rc1"\n',
      raw: '2.0.0rc1',
      version: '2.0.0-rc.1',
      line: 3,
      write: '2.0.0-rc.2',
      expected: '[project]\nname = "foo"\nversion = "2.0.0rc2"\n',
    },
    {
      name: 'alpha and beta',
      text: '[project]\nname = "foo"\nversion = "1.0.0a3"\n',
      raw: '1.0.0a3',
      version: '1.0.0-a.3',
      line: 3,
      write: '1.0.0-b.1',
      expected: '[project]\nname = "foo"\nversion = "1.0.0b1"\n',
    },
    {
      name: 'final after candidates',
      text: '[project]\nname = "foo"\nversion = "2.0.0rc4"\n',
      raw: '2.0.0rc4',
      version: '2.0.0-rc.4',
      line: 3,
      write: '2.0.0',
      expected: '[project]\nname = "foo"\nversion = "2.0.0"\n',
    },
    {
      name: 'short release 1.2 reads as 1.2.0',
      text: '[project]\nname = "foo"\nversion = "1.2"\n',
      raw: '1.2',
      version: '1.2.0',
      line: 3,
      write: '1.2.1',
      expected: '[project]\nname = "foo"\nversion = "1.2.1"\n',
    },
    {
      name: 'inline table',
      text: 'project = { name = "foo", version = "0.3.0" }  # compact\n',
      raw: '0.3.0',
      version: '0.3.0',
      line: 1,
      write: '0.4.0',
      expected: 'project = { name = "foo", version = "0.4.0" }  # compact\n',
    },
    {
      name: 'dotted keys',
      text: 'project.name = "foo"\nproject.version = "0.3.0"\n',
      raw: '0.3.0',
      version: '0.3.0',
      line: 2,
      write: '1.0.0',
      expected: 'project.name = "foo"\nproject.version = "1.0.0"\n',
    },
    {
      name: 'multi-line basic string keeps its triple quotes',
      text: '[project]\nname = "foo"\nversion = """1.0.0"""\n',
      raw: '1.0.0',
      version: '1.0.0',
      line: 3,
      write: '1.0.1',
      expected: '[project]\nname = "foo"\nversion = """1.0.1"""\n',
    },
    {
      name: 'Poetry',
      text: '[tool.poetry]\nname = "feluda-vid"\nversion = "0.9.1"\ndescription = ""\n\n[tool.poetry.dependencies]\npython = "^3.10"\n',
      raw: '0.9.1',
      version: '0.9.1',
      line: 3,
      write: '0.10.0-rc.1',
      expected: '[tool.poetry]\nname = "feluda-vid"\nversion = "0.10.0rc1"\ndescription = ""\n\n[tool.poetry.dependencies]\npython = "^3.10"\n',
    },
    {
      name: 'Poetry 2: dynamic [project] version kept in [tool.poetry]',
      text: '[project]\nname = "foo"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "1.1.0"\n',
      raw: '1.1.0',
      version: '1.1.0',
      line: 6,
      write: '1.2.0',
      expected: '[project]\nname = "foo"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "1.2.0"\n',
    },
    {
      name: 'Poetry 2: both tables state the version, both are written',
      text: '[project]\nname = "foo"\nversion = "1.1.0"\n\n[tool.poetry]\nversion = "1.1.0"\n',
      raw: '1.1.0',
      version: '1.1.0',
      line: 3,
      write: '1.2.0',
      expected: '[project]\nname = "foo"\nversion = "1.2.0"\n\n[tool.poetry]\nversion = "1.2.0"\n',
    },
    {
      name: 'byte order mark',
      text: '\uFEFF[project]\nname = "foo"\nversion = "1.0.0"\n',
      raw: '1.0.0',
      version: '1.0.0',
      line: 3,
      write: '1.0.1',
      expected: '\uFEFF[project]\nname = "foo"\nversion = "1.0.1"\n',
    },
  ];

  it.each(cases)('$name', ({ text, raw, version, line, write, expected }) => {
    const manifest = pyprojectToml.read(text, FILE);
    expect(manifest).toMatchObject({ kind: 'pyproject', file: FILE, rawVersion: raw, version, line });
    expect(pyprojectToml.writeVersion(text, manifest, write)).toBe(expected);
  });
});

describe('pyproject.toml: names and tag formats', () => {
  it.each([
    { text: '[project]\nname = "feluda"\nversion = "1.0.0"\n', name: 'feluda', tagFormat: undefined },
    {
      text: '[project]\nname = "feluda"\nversion = "1.0.0"\n[tool.semantic_release]\ntag_format = "{name}-{version}"\n',
      name: 'feluda',
      tagFormat: '{name}-{version}',
    },
    {
      text: '[project]\nname = "x"\nversion = "1.0.0"\n[tool.semantic_release.branches.main]\nmatch = "main"\ntag_format = "x-v{version}"\n',
      name: 'x',
      tagFormat: 'x-v{version}',
    },
  ])('reads name $name and tag format $tagFormat', ({ text, name, tagFormat }) => {
    const manifest = pyprojectToml.read(text, FILE);
    expect(manifest.name).toBe(name);
    expect(manifest.tagFormat).toBe(tagFormat);
  });
});

describe('pyproject.toml: errors name the file and line', () => {
  it.each([
    { text: '[project]\nname = "foo"\nversion = "abc"\n', message: `${FILE}:3: version "abc" is not a version` },
    { text: '[project]\nname = "foo"\nversion = "1!2.0"\n', message: `${FILE}:3: version "1!2.0" is not a version` },
    { text: '[project]\nversion = "1.0.0"\n', message: `${FILE}:2: [project] has no name` },
    { text: '[project]\nname = "foo"\n', message: `${FILE}:2: [project] has no version` },
    { text: '[project]\nname = "foo"\nversion = 1\n', message: `${FILE}:3: version must be a string` },
    { text: '[project]\nname = "foo"\nversion = "1.0.0\n', message: `${FILE}:3: invalid TOML` },
  ])('$message', ({ text, message }) => {
    const error = catchError(() => pyprojectToml.read(text, FILE));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error).not.toBeInstanceOf(UnversionedManifestError);
    expect(error.message.slice(0, message.length)).toBe(message);
  });

  it('a dynamic version is not a versioned manifest', () => {
    const text = '[project]\nname = "foo"\ndynamic = ["version", "readme"]\n';
    const error = catchError(() => pyprojectToml.read(text, FILE));
    expect(error).toBeInstanceOf(UnversionedManifestError);
    expect(error.message).toBe(`${FILE}:3: version is dynamic ([project] dynamic lists "version"), so there is no version to write`);
  });

  it('a tool-only pyproject.toml declares no package', () => {
    const error = catchError(() => pyprojectToml.read('[tool.ruff]\nline-length = 100\n', FILE));
    expect(error).toBeInstanceOf(UnversionedManifestError);
    expect(error.message).toContain(FILE);
  });

  it('a version with no PEP 440 form is refused on write, naming the file', () => {
    const text = '[project]\nname = "foo"\nversion = "1.0.0"\n';
    const error = catchError(() => pyprojectToml.writeVersion(text, pyprojectToml.read(text, FILE), '2.0.0-beta-x.1'));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error.message).toBe(`${FILE}: version 2.0.0-beta-x.1 has no PEP 440 form`);
  });
});

describe('pyproject.toml: commitizen', () => {
  it.each([
    { provider: '', written: ['version = "2.0.0rc1"', 'version = "2.0.0rc1"'] },
    { provider: 'version_provider = "commitizen"\n', written: ['version = "2.0.0rc1"', 'version = "2.0.0rc1"'] },
    { provider: 'version_provider = "poetry"\n', written: ['version = "2.0.0rc1"', 'version = "1.9.0"'] },
  ])('[tool.commitizen] version is written with the package\'s when commitizen keeps it ($provider)', ({ provider, written }) => {
    const text = `[tool.poetry]\nname = "cli"\nversion = "1.9.0"\n\n[tool.commitizen]\n${provider}version = "1.9.0"\ntag_format = "v$version"\n`;
    const manifest = pyprojectToml.read(text, 'pyproject.toml');
    expect(manifest).toMatchObject({ version: '1.9.0', tagFormat: 'v{version}' });
    const out = pyprojectToml.writeVersion(text, manifest, '2.0.0-rc.1');
    expect([...out.matchAll(/^version = ".*"$/gm)].map((m) => m[0])).toEqual(written);
  });

  it('a dynamic [project] version with commitizen\'s own: commitizen\'s is the version', () => {
    const text = '[project]\nname = "lib"\ndynamic = ["version"]\n\n[tool.commitizen]\nversion = "0.3.0"\n';
    expect(pyprojectToml.read(text, 'pyproject.toml')).toMatchObject({ version: '0.3.0', line: 6 });
  });

  it('a uv workspace root without [project] is a workspace root, not a missing package', () => {
    const error = catchError(() => pyprojectToml.read('[tool.uv.workspace]\nmembers = ["packages/*"]\n', 'pyproject.toml'));
    expect(error).toBeInstanceOf(UnversionedManifestError);
    expect((error as UnversionedManifestError).byDesign).toBe('workspace-root');
  });
});

describe('pyproject.toml: bounded requirements, in npm range syntax beside them', () => {
  it('reads PEP 621, PEP 735 and Poetry lists, names as PEP 503 compares them, and skips unbounded ones', () => {
    const text = [
      '[project]\nname = "acme-api"\nversion = "1.0.0"\n',
      'dependencies = ["Acme_Core>=0.3,<0.4", "httpx", "acme-auth @ https://example.com/a.whl", \'acme-db[pg] (==2.1.*) ; python_version > "3.9"\']\n',
      '[project.optional-dependencies]\ncli = ["acme-cli~=1.4"]\n',
      '[dependency-groups]\ndev = ["acme-testing==0.9.0", {include-group = "lint"}]\n',
      '[tool.poetry.dependencies]\npython = "^3.10"\nacme-legacy = { version = "^0.2", path = "../legacy" }\nacme-local = { path = "../local", develop = true }\n',
      '[tool.poetry.group.test.dependencies]\nacme-fixtures = "1.2.3"\n',
    ].join('\n');
    expect(pyprojectToml.read(text, 'services/api/pyproject.toml').dependencies).toEqual([
      { name: 'acme-core', range: '>=0.3,<0.4', semver: '>=0.3.0 <0.4.0', field: 'project.dependencies' },
      { name: 'acme-db', range: '==2.1.*', semver: '2.1.x', field: 'project.dependencies' },
      { name: 'acme-cli', range: '~=1.4', semver: '>=1.4.0 <2.0.0-0', field: 'project.optional-dependencies.cli' },
      { name: 'acme-testing', range: '==0.9.0', semver: '=0.9.0', field: 'dependency-groups.dev' },
      { name: 'acme-legacy', range: '^0.2', semver: '^0.2', field: 'tool.poetry.dependencies' },
      { name: 'acme-fixtures', range: '1.2.3', semver: '=1.2.3', field: 'tool.poetry.group.test.dependencies' },
    ]);
  });
});
