import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, tempDir } from '../helpers/repo.js';

interface DoctorJson {
  healthy: boolean;
  findings: { check: string; severity: string; message: string; fix: string }[];
}

function doctor(repo: TestRepo): { code: number; report: DoctorJson; stderr: string } {
  const r = repo.relman('doctor', '--json');
  return { code: r.code, report: JSON.parse(r.stdout) as DoctorJson, stderr: r.stderr };
}

/** Two tagged packages pushed with their tags to a bare remote; `after` commits follow the tags. */
function published(after = 3): { origin: TestRepo; repo: TestRepo } {
  const origin = TestRepo.init({ bare: true });
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'api/package.json': packageJson('api', '1.0.0'), 'web/package.json': packageJson('web', '2.0.0') });
  repo.tag('api-v1.0.0');
  repo.tag('web-v2.0.0');
  for (let i = 0; i < after; i++) repo.commit(`fix(api): change ${i}`, { 'api/x.js': `${i}\n` });
  repo.git('remote', 'add', 'origin', origin.dir);
  repo.git('push', '-q', '-u', 'origin', 'main', '--tags');
  return { origin, repo };
}

function clone(origin: TestRepo, ...flags: string[]): TestRepo {
  const dir = path.join(tempDir(), 'clone');
  origin.git('clone', '-q', ...flags, `file://${origin.dir}`, dir);
  return new TestRepo(dir);
}

describe('relman doctor', () => {
  it('a healthy repository: no finding, exit 0', () => {
    const { repo } = published();
    const r = repo.relman('doctor');
    expect(r).toMatchObject({ code: 0, stdout: 'healthy: nothing to fix\n', stderr: '' });
    expect(doctor(repo).report).toEqual({ healthy: true, findings: [] });
  });

  it('tags the remote has and the clone lacks: an error whose fix works', () => {
    const { origin } = published();
    const ci = clone(origin, '--no-tags');
    const { code, report, stderr } = doctor(ci);
    expect(code).toBe(1);
    expect(report.healthy).toBe(false);
    const finding = report.findings.find((f) => f.check === 'tags-not-fetched');
    expect(finding).toEqual({ check: 'tags-not-fetched', severity: 'error', message: "2 of origin's tags are not here (api-v1.0.0, web-v2.0.0): a release would count from older tags", fix: 'git fetch --tags origin' });
    expect(stderr).toMatch(/^relman: error: 1 error to fix before a release: tags-not-fetched\nhint: git fetch --tags origin\n$/);

    ci.git('fetch', '-q', '--tags', 'origin');
    expect(doctor(ci)).toMatchObject({ code: 0, report: { healthy: true, findings: [] } });
  });

  it('a shallow clone: a warning whose fix works', () => {
    // Nothing after the tags: no package's range reaches the cut, so relman leaves the clone shallow.
    const { origin } = published(0);
    const ci = clone(origin, '--depth', '1');
    const { code, report } = doctor(ci);
    expect(code).toBe(0);
    expect(report.findings).toContainEqual({ check: 'shallow-clone', severity: 'warning', message: expect.stringContaining('shallow clone'), fix: 'git fetch --unshallow --tags' });
    ci.git('fetch', '-q', '--unshallow', '--tags');
    expect(doctor(ci).report).toEqual({ healthy: true, findings: [] });
  });

  it('names a dirty tree, an untagged package, a manifest that disagrees with its tag and an unmerged release branch', () => {
    const { repo } = published();
    repo.commit('feat: new package', { 'worker/package.json': packageJson('worker', '0.1.0') });
    repo.commit('chore: bump by hand', { 'web/package.json': packageJson('web', '2.1.0') });
    repo.git('checkout', '-q', '-b', 'release-v1.0.1', 'api-v1.0.0');
    repo.commit('fix: hotfix', { 'api/hot.js': '1\n' });
    repo.git('checkout', '-q', 'main');
    repo.write({ 'api/x.js': 'dirty\n' });

    const { code, report } = doctor(repo);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.severity, f.check])).toEqual([
      ['error', 'dirty-tree'],
      ['warning', 'version-mismatch'],
      ['warning', 'untagged-package'],
      ['warning', 'unmerged-release-branch'],
    ]);
    expect(report.findings[1]).toMatchObject({ message: 'web/package.json states 2.1.0, but the latest tag of web is web-v2.0.0', fix: expect.stringContaining('set the version in web/package.json to 2.0.0, or run relman release') });
    expect(report.findings[2]?.message).toBe("package worker has no release tag (format {name}-v{version}): its first release will be 0.1.0, its manifest's version");
    expect(report.findings[3]).toMatchObject({ message: 'release branch release-v1.0.1 has commits main does not', fix: 'relman hotfix finish --branch release-v1.0.1' });

    const text = repo.relman('doctor');
    expect(text.stdout).toContain('error    dirty-tree: the working tree has uncommitted changes: api/x.js');
    expect(text.stdout).toContain('         fix: git commit or git stash them');
    expect(text.stdout).toMatch(/4 findings: 1 error, 3 warnings\n$/);
  });

  it('a remote it cannot reach is a warning, not a failure', () => {
    const { repo } = published();
    repo.git('remote', 'set-url', 'origin', path.join(tempDir(), 'gone.git'));
    const { code, report } = doctor(repo);
    expect(code).toBe(0);
    expect(report.findings).toEqual([expect.objectContaining({ check: 'remote-unreachable', severity: 'warning' })]);
  });
});
