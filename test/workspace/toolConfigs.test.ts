import { describe, expect, it } from 'vitest';
import { adoptTagFormat } from '../../src/versioning/tagFormat.js';
import { declaredSettings, lernaPackageGlobs } from '../../src/workspace/toolConfigs.js';
import type { Manifest } from '../../src/workspace/types.js';

function manifest(name: string): Manifest {
  return { kind: 'package.json', file: 'package.json', name, rawVersion: '1.0.0', version: '1.0.0', line: 1 };
}

describe('adoptTagFormat: other tools\' tag templates in relman syntax', () => {
  it.each([
    ['v${version}', 'v{version}'],
    ['${version}', '{version}'],
    ['v$version', 'v{version}'],
    ['$version', '{version}'],
    ['{projectName}@{version}', '{name}@{version}'],
    ['{name}-{version}', '{name}-{version}'],
    ['release/{projectName}/{version}', 'release/{name}/{version}'],
    ['v$major.$minor.$patch$prerelease', null],
    ['{releaseGroupName}-{version}', null],
    ['${name}-v${version}', null],
    ['v{version}-{version}', null],
    ['latest', null],
  ])('%s → %s', (template, format) => expect(adoptTagFormat(template)).toBe(format));
});

describe('declaredSettings', () => {
  const releasePlease = JSON.stringify({
    'include-v-in-tag': true,
    packages: {
      'packages/ui': {},
      './packages/cli/': { component: 'command-line' },
      'go/svc': { 'include-component-in-tag': false },
      'py/sdk': { 'tag-separator': '/', 'include-v-in-tag': false },
      'tools/x': { 'package-name': '@acme/tool-x' },
    },
  });

  it.each([
    ['packages/ui', '@acme/ui', '{unscoped}-v{version}'],
    ['packages/cli', '@acme/cli', 'command-line-v{version}'],
    ['go/svc', 'svc', 'v{version}'],
    ['py/sdk', 'acme-sdk', '{unscoped}/{version}'],
    ['tools/x', 'x', 'tool-x-v{version}'],
    ['other', 'other', undefined],
  ])('release-please-config.json: %s (%s) → %s', (folder, name, format) => {
    expect(declaredSettings(new Map([['release-please-config.json', releasePlease]])).tagFormat(folder, manifest(name))).toBe(format);
  });

  it('a folder\'s own semantic-release or commitizen config comes first; nx, changesets and lerna name packages below the root', () => {
    const texts = new Map<string, string | null>([
      ['packages/a/.releaserc.yml', 'tagFormat: a-v${version}\n'],
      ['packages/b/.cz.toml', '[tool.commitizen]\ntag_format = "b$version"\n'],
      ['packages/c/cz.json', '{"commitizen": {"tag_format": "c-$version"}}'],
      ['packages/d/.releaserc', '{ "tagFormat": "${version}" }'],
      ['packages/e/.releaserc.json', '{ not json'],
      ['nx.json', JSON.stringify({ release: { releaseTagPattern: '{projectName}-v{version}' } })],
    ]);
    const declared = declaredSettings(texts).tagFormat;
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((x) => declared(`packages/${x}`, manifest(x)))).toEqual([
      'a-v{version}',
      'b{version}',
      'c-{version}',
      '{version}',
      '{name}-v{version}',
      '{name}-v{version}',
    ]);
    expect(declared('.', manifest('root'))).toBeUndefined();
    expect(declaredSettings(new Map([['.changeset/config.json', '{}']])).tagFormat('packages/a', manifest('a'))).toBe('{name}@{version}');
    expect(declaredSettings(new Map([['lerna.json', '{"version": "independent"}']])).tagFormat('packages/a', manifest('a'))).toBe('{name}@{version}');
    expect(declaredSettings(new Map([['lerna.json', '{"version": "1.2.0"}']])).tagFormat('packages/a', manifest('a'))).toBeUndefined();
    expect(declaredSettings(new Map([['nx.json', '{"release": {"releaseTagPattern": "v{version}"}}']])).tagFormat('packages/a', manifest('a'))).toBeUndefined();
  });

  it('release-please pre-major settings, the package\'s over the top-level ones', () => {
    const config = JSON.stringify({ 'bump-minor-pre-major': true, packages: { a: {}, b: { 'bump-minor-pre-major': false }, c: { 'bump-patch-for-minor-pre-major': true } } });
    const declared = declaredSettings(new Map([['release-please-config.json', config]]));
    expect(['a', 'b', 'c', 'd'].map((f) => declared.preMajor(f))).toEqual([
      { breaking: 'minor', feature: 'minor' },
      undefined,
      { breaking: 'minor', feature: 'patch' },
      undefined,
    ]);
  });

  it('lerna.json packages', () => {
    expect(lernaPackageGlobs(new Map([['lerna.json', '{"packages": ["packages/*", "tools/*"]}']]))).toEqual(['packages/*', 'tools/*']);
    expect(lernaPackageGlobs(new Map([['lerna.json', '{"version": "independent"}']]))).toBeUndefined();
  });
});
