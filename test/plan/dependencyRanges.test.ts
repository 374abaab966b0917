import { describe, expect, it } from 'vitest';
import { TagList, type GitTag } from '../../src/git/tags.js';
import { withOwnDependencies } from '../../src/plan/dependencyRanges.js';
import { planRelease, type PlanOptions } from '../../src/plan/plan.js';
import { commitList } from '../../src/plan/commitList.js';
import { planCommit } from '../../src/plan/planCommit.js';
import { TagIndex } from '../../src/plan/tagVersions.js';
import type { PackageHistory } from '../../src/plan/types.js';
import type { DependencyRange, Package } from '../../src/workspace/types.js';

function pkg(name: string, dependencies: Record<string, string> = {}, field = 'dependencies'): Package {
  const ranges: DependencyRange[] = Object.entries(dependencies).map(([dep, range]) => ({ name: dep, range, semver: range, field }));
  return {
    name,
    path: `packages/${name}`,
    tagFormat: '{name}-v{version}',
    manifest: { kind: 'package.json', file: `packages/${name}/package.json`, name, rawVersion: '1.0.0', version: '1.0.0', line: 3, dependencies: ranges },
  };
}

/** The warnings of a plan where `api` (at 1.0.0) releases with these commits. */
function warnings(dependents: Package[], messages: string[], options: PlanOptions = {}, only?: string[]): string[] {
  const packages = [pkg('api'), ...dependents];
  const tags: GitTag[] = packages.map((p) => ({ name: `${p.name}-v1.0.0`, commit: 'c0', annotated: true, merged: true }));
  const histories = new Map<string, PackageHistory>([['api', { commits: commitList(messages.map((m, i) => planCommit(String(i), m, 'patch'))), sinceLatestTag: messages.length }]]);
  const planned = only ? packages.filter((p) => only.includes(p.name)) : packages;
  return planRelease({ packages: planned, tags: new TagIndex(TagList.from(tags)), histories, options, workspace: packages }).warnings;
}

describe('ranges other packages declare for a released one', () => {
  it('names the manifest, field and range a release leaves out', () => {
    expect(warnings([pkg('web', { api: '^1.0.0', react: '^18.0.0' })], ['feat!: a new API'])).toEqual([
      'packages/web/package.json: dependencies "api": "^1.0.0" leaves out 2.0.0, the version this release makes; update the range (relman does not change it)',
    ]);
    expect(warnings([pkg('cli', { api: '1.0.0' }, 'peerDependencies')], ['fix: x'])).toEqual([
      'packages/cli/package.json: peerDependencies "api": "1.0.0" leaves out 1.0.1, the version this release makes; update the range (relman does not change it)',
    ]);
  });

  it('says nothing of ranges that take the new version, are no semver range, or had already left the current one', () => {
    const dependents = [
      pkg('web', { api: '^1.0.0' }),
      pkg('cli', { api: 'workspace:^' }),
      pkg('docs', { api: '^3.0.0' }),
      pkg('tools', { api: 'file:../api' }),
      pkg('any', { api: '*' }),
    ];
    expect(warnings(dependents, ['feat: more'])).toEqual([]);
    // A candidate of the next minor is inside ^1.0.0 (it leads to 1.1.0); one of the next major is not.
    expect(warnings([pkg('web', { api: '^1.0.0' })], ['feat: more'], { prerelease: 'rc' })).toEqual([]);
    expect(warnings([pkg('web', { api: '^1.0.0' })], ['feat!: break'], { prerelease: 'rc' })).toHaveLength(1);
  });

  it('matches Python requirements to packages by their PEP 503 names', () => {
    const core: Package = { ...pkg('api'), manifest: { ...pkg('api').manifest, kind: 'pyproject', name: 'Acme_API', file: 'packages/api/pyproject.toml' }, name: 'Acme_API' };
    const worker: Package = {
      ...pkg('worker'),
      manifest: { ...pkg('worker').manifest, kind: 'pyproject', file: 'packages/worker/pyproject.toml', dependencies: [{ name: 'acme-api', range: '>=1.0,<2', semver: '>=1.0.0 <2.0.0', field: 'project.dependencies' }] },
    };
    const tags: GitTag[] = ['Acme_API-v1.0.0', 'worker-v1.0.0'].map((name) => ({ name, commit: 'c0', annotated: true, merged: true }));
    const histories = new Map<string, PackageHistory>([['Acme_API', { commits: commitList([planCommit('1', 'feat!: new', 'patch')]), sinceLatestTag: 1 }]]);
    expect(planRelease({ packages: [core, worker], tags: new TagIndex(TagList.from(tags)), histories, options: {} }).warnings).toEqual([
      'packages/worker/pyproject.toml: project.dependencies "acme-api": ">=1.0,<2" leaves out 2.0.0, the version this release makes; update the range (relman does not change it)',
    ]);
  });

  it('checks every package of the repository, also those a --package plan leaves out', () => {
    expect(warnings([pkg('web', { api: '~1.0.0' })], ['feat: more'], {}, ['api'])).toHaveLength(1);
  });
});

describe("a workspace's dependencies", () => {
  it('keeps only those that name a package of the repository, Python ones by their PEP 503 names', () => {
    const pythonPkg = (name: string, deps: string[]): Package => ({
      ...pkg(name),
      manifest: { ...pkg(name).manifest, kind: 'pyproject', name, dependencies: deps.map((dep) => ({ name: dep, range: '>=1.0', semver: '>=1.0.0', field: 'project.dependencies' })) },
    });
    const packages = [
      pkg('api', { react: '^18.0.0' }),
      pkg('web', { api: '^1.0.0', react: '^18.0.0', Acme_Core: '^1.0.0' }, 'devDependencies'),
      pkg('cli', { api: 'workspace:^' }),
      pythonPkg('Acme_Core', ['requests', 'acme-worker']),
      pythonPkg('acme.worker', ['acme-core', 'web', 'api']),
    ];
    const kept = withOwnDependencies(packages);
    const deps = (p: Package) => p.manifest.dependencies?.map((d) => `${d.field} ${d.name}`);
    expect(kept.map(deps)).toEqual([
      undefined,
      ['devDependencies api', 'devDependencies Acme_Core'],
      ['dependencies api'],
      ['project.dependencies acme-worker'],
      ['project.dependencies acme-core', 'project.dependencies web', 'project.dependencies api'],
    ]);
    expect('dependencies' in (kept[0] as Package).manifest).toBe(false);
    // What needs nothing taken out is the same package; the others keep all else.
    expect(kept[2]).toBe(packages[2]);
    expect(kept[4]).toBe(packages[4]);
    expect({ ...kept[1], manifest: { ...kept[1]?.manifest, dependencies: [] } }).toEqual({ ...packages[1], manifest: { ...packages[1]?.manifest, dependencies: [] } });
  });
});
