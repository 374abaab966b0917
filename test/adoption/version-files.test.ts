import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, pyproject } from '../helpers/repo.js';
import { tagOf } from './adoption.js';

/** The files the release commit at HEAD changed. */
function releasedFiles(repo: TestRepo): string[] {
  return repo.git('diff', '--name-only', 'HEAD~1', 'HEAD').split('\n').sort();
}

/** `relman release`, which must succeed; its standard error. */
function release(repo: TestRepo, ...args: string[]): string {
  const r = repo.relman('release', ...args);
  expect(r.code, r.stderr).toBe(0);
  return r.stderr;
}

function uvLock(core: string, api: string): string {
  return `version = 1
revision = 3
requires-python = ">=3.11"

[manifest]
members = [
    "acme-api",
    "acme-core",
]

[[package]]
name = "acme-api"
version = "${api}"
source = { editable = "packages/acme-api" }
dependencies = [
    { name = "acme-core" },
    { name = "httpx" },
]

[package.metadata]
requires-dist = [
    { name = "acme-core", editable = "packages/acme-core" },
    { name = "httpx", specifier = ">=0.27" },
]

[[package]]
name = "acme-core"
version = "${core}"
source = { editable = "packages/acme-core" }

[[package]]
name = "httpx"
version = "0.28.1"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/b1/df/httpx-0.28.1.tar.gz", hash = "sha256:75e98c5f16b0f35b567856f597f06ff2270a374470a5c2392242528e3e3e42fc", size = 141406 }
`;
}

describe('a release keeps the other files that hold the versions in step', () => {
  it('a uv workspace: the members released get their new versions in uv.lock, in the same commit', () => {
    const repo = TestRepo.init();
    repo.write({
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/acme-core/pyproject.toml': pyproject('acme-core', '0.3.0'),
      'packages/acme-core/src/acme_core/__init__.py': '',
      'packages/acme-api/pyproject.toml': pyproject('acme-api', '1.0.0', 'dependencies = ["acme-core", "httpx>=0.27"]\n'),
      'packages/acme-api/src/acme_api/__init__.py': '',
      'uv.lock': uvLock('0.3.0', '1.0.0'),
    });
    repo.commit('feat: the acme workspace');
    repo.tag('acme-core-v0.3.0');
    repo.tag('acme-api-v1.0.0');
    repo.commit('feat(core): caching', { 'packages/acme-core/src/acme_core/cache.py': 'c = 1\n' });

    // A dry run names the files the release commit will hold, lock file included, and writes none.
    const dry = repo.relman('release', '--dry-run', '--prerelease', 'rc');
    expect(dry.stdout).toContain('would write: packages/acme-core/pyproject.toml, uv.lock, packages/acme-core/CHANGELOG.md');
    expect(JSON.parse(repo.relman('release', '--dry-run', '--prerelease', 'rc', '--json').stdout).files.sort()).toEqual(['packages/acme-core/CHANGELOG.md', 'packages/acme-core/pyproject.toml', 'uv.lock']);
    expect(repo.git('status', '--porcelain')).toBe('');

    expect(release(repo, '--prerelease', 'rc')).not.toContain('warning');
    expect(repo.read('uv.lock')).toBe(uvLock('0.4.0rc1', '1.0.0'));
    expect(releasedFiles(repo)).toEqual(['packages/acme-core/CHANGELOG.md', 'packages/acme-core/pyproject.toml', 'uv.lock']);

    repo.commit('fix(api): retries', { 'packages/acme-api/src/acme_api/retry.py': 'r = 1\n' });
    // A commit that fails puts every file back as HEAD has it, uv.lock too.
    const hook = path.join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    expect(repo.relman('release').code).toBe(1);
    expect(repo.git('status', '--porcelain')).toBe('');
    // A run killed after writing its files leaves them for the next run, which computes the same edits from HEAD.
    rmSync(hook);
    repo.write({ 'uv.lock': uvLock('0.4.0', '1.0.1'), 'packages/acme-core/pyproject.toml': pyproject('acme-core', '0.4.0') });
    release(repo);
    expect(repo.read('uv.lock')).toBe(uvLock('0.4.0', '1.0.1'));
    expect(tagOf(repo, 'acme-core-v0.4.0').commit).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('python-semantic-release: version_variables in __init__.py and version_toml; a stale variable is warned about and left', () => {
    const psr = `
[tool.semantic_release]
tag_format = "v{version}"
version_variables = ["src/acme/__init__.py:__version__", "src/acme/cli.py:VERSION"]
version_toml = ["pyproject.toml:project.version"]
`;
    const init = (v: string) => `"""Acme."""\r\n\r\n__version__ = "${v}"\r\n__all__ = ["__version__"]\r\n`;
    const repo = TestRepo.init();
    repo.write({ 'pyproject.toml': pyproject('acme', '1.2.0', psr), 'src/acme/__init__.py': init('1.2.0'), 'src/acme/cli.py': 'VERSION = "0.9.0"  # forgotten\n' });
    repo.commit('feat: acme');
    repo.tag('v1.2.0');
    repo.commit('feat: streaming', { 'src/acme/stream.py': 's = 1\n' });

    const stderr = release(repo, '--prerelease', 'rc');
    expect(stderr).toContain(
      'relman: warning: src/acme/cli.py:1: VERSION is 0.9.0, not the current version 1.2.0; left unchanged (version_variables in pyproject.toml)\n',
    );
    expect(repo.read('src/acme/__init__.py')).toBe(init('1.3.0rc1'));
    expect(repo.read('pyproject.toml')).toBe(pyproject('acme', '1.3.0rc1', psr));
    expect(repo.read('src/acme/cli.py')).toBe('VERSION = "0.9.0"  # forgotten\n');
    expect(releasedFiles(repo)).toEqual(['CHANGELOG.md', 'pyproject.toml', 'src/acme/__init__.py']);

    release(repo);
    expect(repo.read('src/acme/__init__.py')).toBe(init('1.3.0'));
    expect(repo.tags()).toEqual(['v1.2.0', 'v1.3.0', 'v1.3.0-rc.1']);
  });

  it('a Cargo workspace: Cargo.lock gets the workspace version for the crates inheriting it, and a crate\'s own version', () => {
    const root = (v: string) => `[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "${v}"\nedition = "2021"\n`;
    const member = (name: string) => `[package]\nname = "${name}"\nversion.workspace = true\nedition.workspace = true\n`;
    const macros = (v: string) => `[package]\nname = "acme-macros"\nversion = "${v}"\nedition = "2021"\n`;
    const lock = (workspace: string, own: string) => `# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 4

[[package]]
name = "acme-cli"
version = "${workspace}"
dependencies = [
 "acme-core",
 "acme-macros",
 "itoa",
]

[[package]]
name = "acme-core"
version = "${workspace}"

[[package]]
name = "acme-macros"
version = "${own}"

[[package]]
name = "itoa"
version = "0.4.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "8b0a8ba8a5a3b5fe8b5e3c09fc2c1f9d2d64d0e5c6e21a6cdb1d1c4e1b1e4d3a"
`;
    const repo = TestRepo.init();
    repo.write({
      'Cargo.toml': root('0.4.0'),
      'Cargo.lock': lock('0.4.0', '0.4.0'),
      'crates/core/Cargo.toml': member('acme-core'),
      'crates/core/src/lib.rs': 'pub fn core() {}\n',
      'crates/cli/Cargo.toml': member('acme-cli'),
      'crates/cli/src/main.rs': 'fn main() {}\n',
      'crates/macros/Cargo.toml': macros('0.4.0'),
      'crates/macros/src/lib.rs': '// macros\n',
    });
    repo.commit('feat: the acme crates');
    repo.tag('v0.4.0');
    repo.tag('acme-macros-v0.4.0');
    repo.commit('feat(core): streaming', { 'crates/core/src/lib.rs': 'pub fn core() { /* 2 */ }\n' });
    repo.commit('fix(macros): spans', { 'crates/macros/src/lib.rs': '// macros 2\n' });

    expect(release(repo)).not.toContain('warning');
    expect(repo.read('Cargo.lock')).toBe(lock('0.5.0', '0.4.1'));
    expect(repo.read('Cargo.toml')).toBe(root('0.5.0'));
    expect(repo.read('crates/macros/Cargo.toml')).toBe(macros('0.4.1'));
    expect(releasedFiles(repo)).toEqual(['CHANGELOG.md', 'Cargo.lock', 'Cargo.toml', 'crates/macros/CHANGELOG.md', 'crates/macros/Cargo.toml']);
  });

  it('an npm workspace: package-lock.json gets the members\' versions and nothing else', () => {
    const lock = (a: string, b: string) => `{
  "name": "acme",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "acme",
      "workspaces": [
        "packages/*"
      ]
    },
    "node_modules/@acme/a": {
      "resolved": "packages/a",
      "link": true
    },
    "node_modules/@acme/b": {
      "resolved": "packages/b",
      "link": true
    },
    "packages/a": {
      "name": "@acme/a",
      "version": "${a}"
    },
    "packages/b": {
      "name": "@acme/b",
      "version": "${b}",
      "dependencies": {
        "@acme/a": "^1.0.0"
      }
    }
  }
}
`;
    const repo = TestRepo.init();
    repo.write({
      'package.json': packageJson('acme', '0.0.0', { private: true, workspaces: ['packages/*'] }),
      'package-lock.json': lock('1.0.0', '2.0.0'),
      'packages/a/package.json': packageJson('@acme/a', '1.0.0'),
      'packages/b/package.json': packageJson('@acme/b', '2.0.0', { dependencies: { '@acme/a': '^1.0.0' } }),
    });
    repo.commit('feat: acme');
    repo.tag('@acme/a@1.0.0');
    repo.tag('@acme/b@2.0.0');
    repo.commit('feat(a): one', { 'packages/a/index.js': 'a\n' });
    repo.commit('fix(b): two', { 'packages/b/index.js': 'b\n' });

    expect(release(repo)).not.toContain('warning');
    expect(repo.read('package-lock.json')).toBe(lock('1.1.0', '2.0.1'));
    expect(releasedFiles(repo)).toEqual(['package-lock.json', 'packages/a/CHANGELOG.md', 'packages/a/package.json', 'packages/b/CHANGELOG.md', 'packages/b/package.json']);
  });

  it("commitizen: version_files, with and without a pattern, edited line by line", () => {
    const cz = (v: string) => pyproject('acme-cli', v, `\n[tool.commitizen]\nversion_provider = "pep621"\ntag_format = "v$version"\nversion_files = ["acme_cli/__init__.py:__version__", "docs/install.md"]\n`);
    const docs = (v: string) => `# Install\r\n\r\n    pip install acme-cli==${v}\r\n\r\nNeeds Python 3.11.0 or later; acme-cli ${v} is the last to support it.\r\n`;
    const repo = TestRepo.init();
    repo.write({ 'pyproject.toml': cz('0.7.0'), 'acme_cli/__init__.py': '__version__ = "0.7.0"\nMIN_SERVER = "0.7.0"\n', 'docs/install.md': docs('0.7.0') });
    repo.commit('feat: first command');
    repo.tag('v0.7.0', 'HEAD', false);
    repo.commit('feat(export): csv', { 'acme_cli/export.py': 'e = 1\n' });

    expect(release(repo)).not.toContain('warning');
    expect(repo.read('acme_cli/__init__.py')).toBe('__version__ = "0.8.0"\nMIN_SERVER = "0.7.0"\n');
    expect(repo.read('docs/install.md')).toBe(docs('0.8.0'));
    expect(releasedFiles(repo)).toEqual(['CHANGELOG.md', 'acme_cli/__init__.py', 'docs/install.md', 'pyproject.toml']);
  });

  it('release-please: extra-files (marked lines, a jsonpath) and .release-please-manifest.json', () => {
    const config = `{
  "packages": {
    "packages/web": {
      "release-type": "node",
      "extra-files": ["src/version.ts", { "type": "json", "path": "/deploy/app.json", "jsonpath": "$.services.web.image" }]
    }
  }
}
`;
    const manifest = (v: string) => `{\n  "packages/web": "${v}"\n}\n`;
    const version = (v: string) => `// x-release-please-start-version\nexport const VERSION = '${v}';\nexport const USER_AGENT = 'web/${v}';\n// x-release-please-end\nexport const API = '2.0.0';\n`;
    const app = (v: string) => `{\n  "services": {\n    "web": { "image": "ghcr.io/acme/web:${v}" },\n    "api": { "image": "ghcr.io/acme/api:2.0.0" }\n  }\n}\n`;
    const repo = TestRepo.init();
    repo.write({
      'release-please-config.json': config,
      '.release-please-manifest.json': manifest('1.4.0'),
      'packages/web/package.json': packageJson('web', '1.4.0'),
      'packages/web/src/version.ts': version('1.4.0'),
      'deploy/app.json': app('1.4.0'),
    });
    repo.commit('feat: web');
    repo.tag('web-v1.4.0');
    repo.commit('fix(web): layout', { 'packages/web/src/app.ts': 'a\n' });

    expect(release(repo)).not.toContain('warning');
    expect(repo.read('packages/web/src/version.ts')).toBe(version('1.4.1'));
    expect(repo.read('deploy/app.json')).toBe(app('1.4.1'));
    expect(repo.read('.release-please-manifest.json')).toBe(manifest('1.4.1'));
    expect(releasedFiles(repo)).toEqual(['.release-please-manifest.json', 'deploy/app.json', 'packages/web/CHANGELOG.md', 'packages/web/package.json', 'packages/web/src/version.ts']);
  });
});
