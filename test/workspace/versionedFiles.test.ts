import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/workspace/adapters.js';
import type { ManifestKind, Package } from '../../src/workspace/types.js';
import { versionedFiles } from '../../src/workspace/versionedFiles.js';

/** A released package read from its manifest's text, as discovery reads it. */
function pkg(kind: ManifestKind, file: string, text: string, tagFormat = '{name}-v{version}'): Package {
  const manifest = adapterFor(kind).read(text, file, 'repo');
  const path = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  return { name: manifest.name, path, manifest, tagFormat };
}

/**
 * What a release writes besides the manifests, for a repository whose files (all tracked, at HEAD and
 * in the working tree alike) are `files`: the changed texts, and the warnings.
 */
function release(files: Record<string, string>, bumps: { pkg: Package; version: string }[]) {
  const texts = new Map<string, string | null>(Object.entries(files));
  const versioned = versionedFiles(bumps, Object.keys(files), (wanted) => new Map(wanted.map((f) => [f, texts.get(f) ?? null])));
  const written = new Map(bumps.map((b) => [b.pkg.manifest.file, adapterFor(b.pkg.manifest.kind).writeVersion(files[b.pkg.manifest.file] as string, b.pkg.manifest, b.version)]));
  const { texts: changed, warnings } = versioned.edit(texts, written);
  return { read: versioned.files.sort(), changed: Object.fromEntries(changed), warnings };
}

const PSR = `[project]
name = "acme"
version = "1.2.0"

[tool.semantic_release]
version_variables = ["src/acme/__init__.py:__version__", "docs/conf.py:release", "../../../outside.py:v"]
version_toml = ["pyproject.toml:project.version", "Cargo.toml:package.version"]
`;

describe('which files besides the manifest a release writes', () => {
  it('python-semantic-release: version_variables and version_toml, relative to the package; its own manifest is relman\'s', () => {
    const acme = pkg('pyproject', 'py/acme/pyproject.toml', PSR);
    const result = release(
      {
        'py/acme/pyproject.toml': PSR,
        'py/acme/src/acme/__init__.py': '__version__ = "1.2.0"\n',
        'py/acme/docs/conf.py': 'release = "1.1.0"\n',
        'py/acme/Cargo.toml': '[package]\nname = "acme-rs"\nversion = "1.2.0"\n',
      },
      [{ pkg: acme, version: '1.3.0-rc.1' }],
    );
    expect(result.read).toEqual(['py/acme/Cargo.toml', 'py/acme/docs/conf.py', 'py/acme/src/acme/__init__.py']);
    expect(result.changed).toEqual({
      'py/acme/src/acme/__init__.py': '__version__ = "1.3.0rc1"\n',
      'py/acme/Cargo.toml': '[package]\nname = "acme-rs"\nversion = "1.3.0rc1"\n',
    });
    expect(result.warnings).toEqual([
      '../../../outside.py is outside the repository; left unchanged (version_variables in py/acme/pyproject.toml)',
      'py/acme/docs/conf.py:1: release is 1.1.0, not the current version 1.2.0; left unchanged (version_variables in py/acme/pyproject.toml)',
    ]);
  });

  it('a uv workspace: uv.lock at the root holds every released member, edited once', () => {
    const coreToml = '[project]\nname = "acme_core"\nversion = "0.3.0"\n';
    const apiToml = '[project]\nname = "acme-api"\nversion = "1.0.0"\n';
    const core = pkg('pyproject', 'packages/core/pyproject.toml', coreToml);
    const api = pkg('pyproject', 'packages/api/pyproject.toml', apiToml);
    const lock = (c: string, a: string) =>
      `version = 1\n\n[[package]]\nname = "acme-api"\nversion = "${a}"\nsource = { editable = "packages/api" }\n\n[[package]]\nname = "acme-core"\nversion = "${c}"\nsource = { editable = "packages/core" }\n`;
    const result = release(
      { 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n', 'uv.lock': lock('0.3.0', '1.0.0'), 'packages/core/pyproject.toml': coreToml, 'packages/api/pyproject.toml': apiToml },
      [
        { pkg: core, version: '0.4.0' },
        { pkg: api, version: '2.0.0-rc.1' },
      ],
    );
    expect(result).toEqual({ read: ['uv.lock'], changed: { 'uv.lock': lock('0.4.0', '2.0.0rc1') }, warnings: [] });
  });

  it('a Cargo workspace version: the nearest Cargo.lock, with the crates that inherit it, not those of a nested workspace', () => {
    const rootToml = '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "0.4.0"\n';
    const root = pkg('cargo', 'Cargo.toml', rootToml, 'v{version}');
    const member = (name: string) => `[package]\nname = "${name}"\nversion.workspace = true\n`;
    const lock = (v: string) => ['a', 'b', 'c', 'own'].map((n) => `[[package]]\nname = "${n}"\nversion = "${n === 'a' || n === 'b' ? v : '0.4.0'}"\n`).join('\n');
    const result = release(
      {
        'Cargo.toml': rootToml,
        'Cargo.lock': lock('0.4.0'),
        'crates/a/Cargo.toml': member('a'),
        'crates/b/Cargo.toml': member('b'),
        'crates/own/Cargo.toml': '[package]\nname = "own"\nversion = "0.4.0"\n',
        'nested/Cargo.toml': '[workspace]\nmembers = ["c"]\n\n[workspace.package]\nversion = "0.4.0"\n',
        'nested/c/Cargo.toml': member('c'),
        'nested/Cargo.lock': '[[package]]\nname = "c"\nversion = "0.4.0"\n',
      },
      [{ pkg: root, version: '0.5.0' }],
    );
    expect(result).toEqual({ read: ['Cargo.lock'], changed: { 'Cargo.lock': lock('0.5.0') }, warnings: [] });
  });

  it('npm: package-lock.json in the package folder or above it', () => {
    const aJson = '{"name": "@acme/a", "version": "1.0.0"}\n';
    const a = pkg('package.json', 'packages/a/package.json', aJson);
    const lock = (v: string) => `{"packages": {"": {"name": "root"}, "packages/a": {"name": "@acme/a", "version": "${v}"}}}\n`;
    const result = release({ 'package.json': '{"private": true, "workspaces": ["packages/*"]}\n', 'package-lock.json': lock('1.0.0'), 'packages/a/package.json': aJson }, [{ pkg: a, version: '1.0.1' }]);
    expect(result).toEqual({ read: ['package-lock.json'], changed: { 'package-lock.json': lock('1.0.1') }, warnings: [] });
  });

  it("commitizen: version_files (globs, patterns) and the version in its own .cz.toml", () => {
    const cz = '[tool.commitizen]\nversion = "2.0.0"\nversion_files = ["src/*/__version__.py", "README.md:^pip install", "docs/*.txt"]\n';
    const app = pkg('package.json', 'package.json', '{"name": "app", "version": "2.0.0"}\n');
    const result = release(
      {
        'package.json': '{"name": "app", "version": "2.0.0"}\n',
        '.cz.toml': cz,
        'src/app/__version__.py': 'VERSION = "2.0.0"\n',
        'README.md': 'pip install app==2.0.0\nNeeds lib 2.0.0\n',
      },
      [{ pkg: app, version: '2.1.0' }],
    );
    expect(result.changed).toEqual({
      '.cz.toml': cz.replace('"2.0.0"', '"2.1.0"'),
      'src/app/__version__.py': 'VERSION = "2.1.0"\n',
      'README.md': 'pip install app==2.1.0\nNeeds lib 2.0.0\n',
    });
    expect(result.warnings).toEqual(['docs/*.txt names no tracked file (version_files in .cz.toml)']);
  });

  it('release-please: extra-files of each kind, paths from the package or from the root, and its manifest', () => {
    const config = JSON.stringify({
      packages: {
        'packages/web': {
          'extra-files': [
            'src/version.ts',
            { type: 'json', path: 'app.json', jsonpath: '$.expo.version' },
            { type: 'yaml', path: '/deploy/values.yaml', jsonpath: '$.image.tag' },
            { type: 'xml', path: 'pom.xml', xpath: '//version' },
            { type: 'json', path: 'x.json', jsonpath: '$[?(@.v)]' },
            'missing.txt',
          ],
        },
      },
    });
    const webJson = '{"name": "web", "version": "1.4.0"}\n';
    const web = pkg('package.json', 'packages/web/package.json', webJson);
    const result = release(
      {
        'release-please-config.json': config,
        '.release-please-manifest.json': '{\n  "packages/web": "1.4.0"\n}\n',
        'packages/web/package.json': webJson,
        'packages/web/src/version.ts': "export const VERSION = '1.4.0'; // x-release-please-version\n",
        'packages/web/app.json': '{"expo": {"version": "1.4.0"}}\n',
        'deploy/values.yaml': 'image:\n  tag: web-1.4.0\n',
      },
      [{ pkg: web, version: '1.5.0' }],
    );
    expect(result.changed).toEqual({
      '.release-please-manifest.json': '{\n  "packages/web": "1.5.0"\n}\n',
      'packages/web/src/version.ts': "export const VERSION = '1.5.0'; // x-release-please-version\n",
      'packages/web/app.json': '{"expo": {"version": "1.5.0"}}\n',
      'deploy/values.yaml': 'image:\n  tag: web-1.5.0\n',
    });
    expect(result.warnings).toEqual([
      'pom.xml: relman does not edit extra-files of type "xml"; left unchanged (extra-files in release-please-config.json)',
      'x.json: the jsonpath "$[?(@.v)]" is not one relman can follow; left unchanged (extra-files in release-please-config.json)',
      'packages/web/missing.txt is not committed; left unchanged (extra-files in release-please-config.json)',
    ]);
  });
});
