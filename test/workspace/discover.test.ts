import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js';
import { RelmanError } from '../../src/errors.js';
import { discoverPackages, type Discovery } from '../../src/workspace/discover.js';

const created: string[] = [];
afterAll(() => Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Writes the files into a fresh folder and discovers with exactly that file list, as `git ls-files` would give it. */
async function discover(files: Record<string, string>, config: Partial<Config> = {}, extraTracked: string[] = []): Promise<Discovery> {
  const root = await mkdtemp(path.join(tmpdir(), 'relman-workspace-'));
  created.push(root);
  await Promise.all(
    Object.entries(files).map(async ([file, text]) => {
      await mkdir(path.join(root, path.dirname(file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    }),
  );
  return discoverPackages(root, [...Object.keys(files), ...extraTracked], { ...structuredClone(DEFAULT_CONFIG), ...config });
}

async function discoveryError(files: Record<string, string>, config: Partial<Config> = {}): Promise<RelmanError> {
  const error = await discover(files, config).then(
    () => new Error('expected an error'),
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(RelmanError);
  return error as RelmanError;
}

const pyproject = (name: string, version: string, extra = '') => `[project]\nname = "${name}"\nversion = "${version}"\n${extra}`;
const packageJson = (fields: Record<string, unknown>) => JSON.stringify(fields, null, 2) + '\n';
const paths = (d: Discovery) => d.packages.map((p) => `${p.path} ${p.name}@${p.manifest.version}`);

describe('discoverPackages', () => {
  it('finds a root package and its operators, skipping node_modules, dot-folders and virtualenvs', async () => {
    const d = await discover({
      'pyproject.toml': pyproject('feluda', '0.9.3', '[tool.uv.workspace]\nmembers = ["operators/*"]\n[tool.semantic_release]\ntag_format = "{name}-{version}"\n'),
      'operators/vid_vec_rep_clip/pyproject.toml': pyproject('feluda-vid-vec-rep-clip', '0.1.0'),
      'operators/image_vec_rep_resnet/pyproject.toml': '[tool.poetry]\nname = "feluda-image-vec-rep-resnet"\nversion = "1.0.0rc2"\n',
      'operators/vid_vec_rep_clip/.venv/lib/python3.11/site-packages/torch/pyproject.toml': pyproject('torch', '2.0.0'),
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/python3.11/site-packages/numpy/pyproject.toml': pyproject('numpy', '1.26.0'),
      'env/share/tool/pyproject.toml': pyproject('tool', '1.0.0'),
      'venv/lib/pkg/pyproject.toml': pyproject('pkg', '1.0.0'),
      'frontend/node_modules/left-pad/package.json': packageJson({ name: 'left-pad', version: '1.3.0' }),
      '.github/actions/notify/package.json': packageJson({ name: 'notify', version: '1.0.0' }),
      'feluda/__init__.py': '',
    });
    expect(paths(d)).toEqual([
      '. feluda@0.9.3',
      'operators/image_vec_rep_resnet feluda-image-vec-rep-resnet@1.0.0-rc.2',
      'operators/vid_vec_rep_clip feluda-vid-vec-rep-clip@0.1.0',
    ]);
    expect(d.packages[0]).toMatchObject({ path: '.', tagFormat: '{name}-{version}', manifest: { file: 'pyproject.toml', kind: 'pyproject', line: 3 } });
    expect(d.packages[1]?.manifest).toMatchObject({ file: 'operators/image_vec_rep_resnet/pyproject.toml', rawVersion: '1.0.0rc2' });
    expect(d.skipped).toEqual([]);
  });

  it('treats an npm workspaces root as no package and ignores package.json files outside its members', async () => {
    const d = await discover({
      'package.json': packageJson({ name: 'monorepo', version: '1.0.0', workspaces: ['packages/*'] }),
      'packages/a/package.json': packageJson({ name: '@acme/a', version: '1.2.0' }),
      'packages/b/package.json': packageJson({ name: '@acme/b', version: '0.1.0', private: true }),
      'scripts/tool/package.json': packageJson({ name: 'tool', version: '1.0.0' }),
      'services/api/pyproject.toml': pyproject('api', '3.0.0'),
    });
    expect(paths(d)).toEqual(['packages/a @acme/a@1.2.0', 'packages/b @acme/b@0.1.0', 'services/api api@3.0.0']);
  });

  it('makes a workspace root a package when include lists it, and then include alone decides', async () => {
    const d = await discover(
      {
        'package.json': packageJson({ name: 'monorepo', version: '1.0.0', workspaces: { packages: ['packages/*'] } }),
        'packages/a/package.json': packageJson({ name: 'a', version: '1.2.0' }),
        'scripts/tool/package.json': packageJson({ name: 'tool', version: '1.0.0' }),
      },
      { include: ['.', 'packages/*', 'scripts/tool'] },
    );
    expect(paths(d)).toEqual(['. monorepo@1.0.0', 'packages/a a@1.2.0', 'scripts/tool tool@1.0.0']);
  });

  it('reads pnpm-workspace.yaml members, with negations', async () => {
    const d = await discover({
      'pnpm-workspace.yaml': "packages:\n  - 'packages/**'\n  - '!**/test/**'\n",
      'package.json': packageJson({ name: 'root', version: '1.0.0' }),
      'packages/a/package.json': packageJson({ name: 'a', version: '1.0.0' }),
      'packages/group/b/package.json': packageJson({ name: 'b', version: '2.0.0' }),
      'packages/a/test/fixture/package.json': packageJson({ name: 'fixture', version: '0.0.1' }),
      'apps/web/package.json': packageJson({ name: 'web', version: '1.0.0' }),
    });
    expect(paths(d)).toEqual(['packages/a a@1.0.0', 'packages/group/b b@2.0.0']);
  });

  it('takes a pnpm-workspace.yaml without packages (settings only) as no workspace', async () => {
    const d = await discover({
      'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n',
      'package.json': packageJson({ name: 'app', version: '1.0.0' }),
    });
    expect(paths(d)).toEqual(['. app@1.0.0']);
  });

  it('skips a private root package.json but keeps private packages elsewhere', async () => {
    const d = await discover({
      'package.json': packageJson({ name: 'root', version: '1.0.0', private: true }),
      'web/package.json': packageJson({ name: 'web', version: '1.0.0', private: true }),
    });
    expect(paths(d)).toEqual(['web web@1.0.0']);
  });

  it('picks one manifest per folder: pyproject > package.json > Cargo.toml > Chart.yaml > VERSION', async () => {
    const d = await discover({
      'svc/pyproject.toml': pyproject('svc-py', '1.0.0'),
      'svc/package.json': packageJson({ name: 'svc-js', version: '2.0.0' }),
      'svc/Chart.yaml': 'name: svc-chart\nversion: 3.0.0\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: backend\nversion: 0.4.0\n',
      'chart/VERSION': '9.9.9\n',
      'rust/Cargo.toml': '[package]\nname = "core"\nversion = "0.2.0"\n',
      'rust/VERSION': '9.9.9\n',
      'engine/VERSION': '1.42.1\n',
      // A tool-only pyproject.toml declares no package, so the folder's package.json is its manifest.
      'docs/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      'docs/package.json': packageJson({ name: 'docs', version: '0.1.0' }),
    });
    expect(paths(d)).toEqual(['chart backend@0.4.0', 'docs docs@0.1.0', 'engine engine@1.42.1', 'rust core@0.2.0', 'svc svc-py@1.0.0']);
    expect(d.skipped).toEqual([]);
  });

  it("names a root VERSION file's package after the repository folder", async () => {
    const d = await discover({ VERSION: '1.0.0\n' });
    expect(d.packages).toHaveLength(1);
    expect(d.packages[0]?.name).toMatch(/^relman-workspace-/);
  });

  it('applies include and exclude globs (exclude also drops everything under a matching folder)', async () => {
    const files = {
      'pyproject.toml': pyproject('feluda', '1.0.0'),
      'operators/a/pyproject.toml': pyproject('a', '1.0.0'),
      'operators/b/pyproject.toml': pyproject('b', '1.0.0'),
      'examples/demo/pyproject.toml': pyproject('demo', '1.0.0'),
      'examples/demo/nested/pyproject.toml': pyproject('nested', '1.0.0'),
    };
    expect(paths(await discover(files, { include: ['operators/*'] }))).toEqual(['operators/a a@1.0.0', 'operators/b b@1.0.0']);
    expect(paths(await discover(files, { include: ['./operators/*/', '.'], exclude: ['operators/b'] }))).toEqual(['. feluda@1.0.0', 'operators/a a@1.0.0']);
    expect(paths(await discover(files, { exclude: ['examples'] }))).toEqual(['. feluda@1.0.0', 'operators/a a@1.0.0', 'operators/b b@1.0.0']);
  });

  it('copies [packages.NAME] settings onto the package, over the manifest tag format', async () => {
    const d = await discover(
      {
        'pyproject.toml': pyproject('feluda', '1.0.0', '[tool.semantic_release]\ntag_format = "v{version}"\n'),
        'operators/a/pyproject.toml': pyproject('a', '1.0.0'),
      },
      { packages: { feluda: { paths: ['feluda/**', 'pyproject.toml'], exclude: ['feluda/tests/**'], tagFormat: '{name}-{version}' } } },
    );
    expect(d.packages[0]).toEqual({
      name: 'feluda',
      path: '.',
      manifest: expect.objectContaining({ file: 'pyproject.toml' }),
      paths: ['feluda/**', 'pyproject.toml'],
      exclude: ['feluda/tests/**'],
      tagFormat: '{name}-{version}',
    });
    expect(d.packages[1]).toEqual({ name: 'a', path: 'operators/a', manifest: expect.objectContaining({ name: 'a' }) });
  });

  it('skips manifests with a dynamic, inherited or missing version, and reports them', async () => {
    const d = await discover(
      {
        'pyproject.toml': pyproject('feluda', '1.0.0'),
        'operators/dyn/pyproject.toml': '[project]\nname = "dyn"\ndynamic = ["version"]\n',
        'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
        'crates/core/Cargo.toml': '[package]\nname = "core"\nversion.workspace = true\n',
        'web/package.json': packageJson({ name: 'web', private: true }),
      },
      {},
      ['operators/gone/pyproject.toml'],
    );
    expect(paths(d)).toEqual(['. feluda@1.0.0']);
    expect(d.skipped).toEqual([
      { file: 'crates/core/Cargo.toml', line: 3, reason: expect.stringContaining('inherited from the workspace') },
      { file: 'operators/dyn/pyproject.toml', line: 3, reason: expect.stringContaining('version is dynamic') },
      { file: 'operators/gone/pyproject.toml', reason: 'is tracked by git but missing from the working tree, or a symbolic link' },
      { file: 'web/package.json', reason: 'has no "version"' },
    ]);
  });

  it('skips a manifest that is a symbolic link, so nothing is read or written through it', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'relman-outside-'));
    created.push(outside);
    await writeFile(path.join(outside, 'pyproject.toml'), pyproject('stolen', '9.9.9'));
    const repo = await mkdtemp(path.join(tmpdir(), 'relman-workspace-'));
    created.push(repo);
    await mkdir(path.join(repo, 'op'), { recursive: true });
    await symlink(path.join(outside, 'pyproject.toml'), path.join(repo, 'op', 'pyproject.toml'));
    await writeFile(path.join(repo, 'pyproject.toml'), pyproject('core', '1.0.0'));
    const linked = await discoverPackages(repo, ['pyproject.toml', 'op/pyproject.toml'], structuredClone(DEFAULT_CONFIG));
    expect(paths(linked)).toEqual(['. core@1.0.0']);
    expect(linked.skipped.map((s) => s.file)).toEqual(['op/pyproject.toml']);
  });

  it('rejects two packages with the same name, naming both manifests', async () => {
    const error = await discoveryError({
      'operators/a/pyproject.toml': pyproject('same', '1.0.0'),
      'charts/a/Chart.yaml': 'name: same\nversion: 1.0.0\n',
    });
    expect(error.message).toBe('two packages are named "same": charts/a/Chart.yaml and operators/a/pyproject.toml');
  });

  it('rejects a [packages.NAME] that names no package', async () => {
    const error = await discoveryError({ 'pyproject.toml': pyproject('feluda', '1.0.0') }, { file: 'relman.toml', packages: { 'feluda-core': { tagFormat: 'x' } } });
    expect(error.message).toBe('relman.toml: [packages.feluda-core] names no discovered package');
    expect(error.hint).toContain('discovered: feluda');
  });

  it("fails on a malformed manifest, naming its file and line, but not on one a folder's chosen manifest outranks", async () => {
    const error = await discoveryError({
      'pyproject.toml': pyproject('feluda', '1.0.0'),
      'operators/foo/pyproject.toml': '[project]\nname = "foo"\nversion = "abc"\n',
    });
    expect(error.message).toBe('operators/foo/pyproject.toml:3: version "abc" is not a version');

    const d = await discover({
      'svc/pyproject.toml': pyproject('svc', '1.0.0'),
      'svc/package.json': '{ "name": "svc", ',
    });
    expect(paths(d)).toEqual(['svc svc@1.0.0']);
  });

  it('fails on a malformed pnpm-workspace.yaml, naming its file and line', async () => {
    const error = await discoveryError({ 'pnpm-workspace.yaml': 'packages: packages/*\n', 'package.json': packageJson({ name: 'x', version: '1.0.0' }) });
    expect(error.message).toBe('pnpm-workspace.yaml:1: packages must be a list of globs');
  });

  it('reads many packages', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 500; i++) files[`operators/op${String(i).padStart(3, '0')}/pyproject.toml`] = pyproject(`op${i}`, `1.0.${i}`);
    const d = await discover(files);
    expect(d.packages).toHaveLength(500);
    expect(d.packages[499]?.manifest.version).toBe('1.0.499');
  });
});
