import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { cargoToml } from '../../src/workspace/cargo.js';
import { UnversionedManifestError } from '../../src/workspace/errors.js';
import { catchError } from './catchError.js';

const FILE = 'crates/core/Cargo.toml';

describe('Cargo.toml: read then write changes only the version characters', () => {
  it.each([
    {
      name: '[package] with comments and dependencies that have versions',
      text: '[package]\nname = "core" # crate\nversion = "0.4.2" # release\nedition = "2021"\n\n[dependencies]\nserde = { version = "1.0.0", features = ["derive"] }\n',
      line: 3,
      write: '0.5.0',
      expected: '[package]\nname = "core" # crate\nversion = "0.5.0" # release\nedition = "2021"\n\n[dependencies]\nserde = { version = "1.0.0", features = ["derive"] }\n',
    },
    {
      name: 'inline table, literal string, CRLF',
      text: "package = { name = 'core', version = '1.0.0' }\r\n",
      line: 1,
      write: '1.0.1-rc.1',
      expected: "package = { name = 'core', version = '1.0.1-rc.1' }\r\n",
    },
  ])('$name', ({ text, line, write, expected }) => {
    const manifest = cargoToml.read(text, FILE);
    expect(manifest).toMatchObject({ kind: 'cargo', name: 'core', line });
    expect(cargoToml.writeVersion(text, manifest, write)).toBe(expected);
  });
});

describe('Cargo.toml: errors', () => {
  it.each([
    { text: '[package]\nname = "core"\nversion.workspace = true\n', message: `${FILE}:3: version is inherited from the workspace` },
    { text: '[package]\nname = "core"\nversion = { workspace = true }\n', message: `${FILE}:3: version is inherited from the workspace` },
    { text: '[workspace]\nmembers = ["crates/*"]\n', message: `${FILE}: has no [package] table` },
  ])('not versioned: $message', ({ text, message }) => {
    const error = catchError(() => cargoToml.read(text, FILE));
    expect(error).toBeInstanceOf(UnversionedManifestError);
    expect(error.message.slice(0, message.length)).toBe(message);
  });

  it.each([
    { text: '[package]\nname = "core"\nversion = "1.0"\n', message: `${FILE}:3: version "1.0" is not a version` },
    { text: '[package]\nversion = "1.0.0"\n', message: `${FILE}:2: [package] has no name` },
    { text: '[package]\nname = "core"\nversion = "1.0.0"\nname = "x"\n', message: `${FILE}:4: invalid TOML` },
  ])('malformed: $message', ({ text, message }) => {
    const error = catchError(() => cargoToml.read(text, FILE));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error).not.toBeInstanceOf(UnversionedManifestError);
    expect(error.message.slice(0, message.length)).toBe(message);
  });
});

describe('Cargo.toml: the shared [workspace.package] version', () => {
  it.each([
    {
      name: 'a virtual workspace root: named by the repository',
      text: '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "0.5.0" # shared\nedition = "2021"\n',
      expected: { name: 'acme', line: 5 },
    },
    {
      name: 'a root crate that inherits it: named by its [package]',
      text: '[package]\nname = "acme"\nversion.workspace = true\n\n[workspace.package]\nversion = "0.5.0" # shared\n',
      expected: { name: 'acme', line: 6 },
    },
  ])('$name', ({ text, expected }) => {
    const manifest = cargoToml.read(text, 'Cargo.toml', 'acme');
    expect(manifest).toMatchObject({ kind: 'cargo', version: '0.5.0', ...expected });
    expect(cargoToml.writeVersion(text, manifest, '0.6.0')).toBe(text.replace('version = "0.5.0"', 'version = "0.6.0"'));
  });
});

describe('Cargo.toml: dependency requirements, in npm syntax beside them', () => {
  it('reads every dependency table, renamed crates by their package, requirements as Cargo means them', () => {
    const text = [
      '[package]\nname = "web"\nversion = "0.4.2"\n',
      '[dependencies]\napi = { path = "../api", version = "1.2" }\nserde = "1.0.100"\nold = { package = "api-old", version = "=0.9.1" }\nlocal = { path = "../local" }\nshared = { workspace = true }\n',
      '[dev-dependencies]\ntesting = ">= 1.2, < 1.5"\n',
      "[target.'cfg(unix)'.dependencies]\nnix = \"0.27.*\"\n",
    ].join('\n');
    expect(cargoToml.read(text, FILE).dependencies).toEqual([
      { name: 'api', range: '1.2', semver: '^1.2', field: 'dependencies' },
      { name: 'serde', range: '1.0.100', semver: '^1.0.100', field: 'dependencies' },
      { name: 'api-old', range: '=0.9.1', semver: '=0.9.1', field: 'dependencies' },
      { name: 'testing', range: '>= 1.2, < 1.5', semver: '>= 1.2 < 1.5', field: 'dev-dependencies' },
      { name: 'nix', range: '0.27.*', semver: '^0.27.*', field: 'target.cfg(unix).dependencies' },
    ]);
  });
});
