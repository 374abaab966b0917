import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, tempDir } from '../helpers/repo.js';

interface SyncJson {
  from: string;
  branches: { branch: string; result: string; before: string | null; after: string | null; conflicts: string[]; pushed: boolean; problem: string | null }[];
}

/**
 * The seed's branches on a bare remote: main, development (its own commit) and security/hotfix (behind
 * main); then main gets a release commit. Returns the remote and a fresh clone on main, as CI has it.
 */
function seedBranches(developmentFiles: Record<string, string> = { 'dev.txt': 'dev\n' }) {
  const origin = TestRepo.init({ bare: true });
  const work = TestRepo.init();
  work.commit('chore: init', { 'package.json': packageJson('app', '1.0.0'), 'shared.txt': 'base\n', 'relman.toml': '[sync]\nbranches = ["development", "security/hotfix"]\n' });
  work.git('branch', 'security/hotfix');
  work.git('checkout', '-q', '-b', 'development');
  work.commit('feat: on development', developmentFiles);
  work.git('checkout', '-q', 'main');
  work.commit('chore(release): v1.1.0', { 'package.json': packageJson('app', '1.1.0'), 'shared.txt': 'main\n' });
  work.git('remote', 'add', 'origin', origin.dir);
  work.git('push', '-q', 'origin', 'main', 'development', 'security/hotfix');
  const clone = new TestRepo(path.join(tempDir(), 'clone'));
  work.git('clone', '-q', origin.dir, clone.dir);
  return { origin, clone };
}

function syncJson(repo: TestRepo, ...args: string[]): { code: number; report: SyncJson; stderr: string } {
  const r = repo.relman('sync', '--json', ...args);
  return { code: r.code, report: JSON.parse(r.stdout) as SyncJson, stderr: r.stderr };
}

describe('relman sync', () => {
  it('merges main into development, fast-forwards security/hotfix, pushes both; the clone stays on main', () => {
    const { origin, clone } = seedBranches();
    const main = clone.git('rev-parse', 'HEAD');
    const devBefore = origin.git('rev-parse', 'development');

    const { code, report } = syncJson(clone, '--push');
    expect(code).toBe(0);
    expect(report.from).toBe('main');
    expect(report.branches).toEqual([
      expect.objectContaining({ branch: 'development', result: 'merge', before: devBefore, pushed: true, problem: null }),
      expect.objectContaining({ branch: 'security/hotfix', result: 'fast-forward', after: main, pushed: true, problem: null }),
    ]);
    const merge = origin.git('rev-parse', 'development');
    expect(merge).toBe(report.branches[0]?.after);
    expect(origin.git('log', '-1', '--format=%P%n%s', 'development')).toBe(`${devBefore} ${main}\nMerge branch 'main' into development`);
    expect(origin.git('show', 'development:shared.txt')).toBe('main');
    expect(origin.git('show', 'development:dev.txt')).toBe('dev');
    expect(origin.git('rev-parse', 'security/hotfix')).toBe(main);

    expect(clone.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(clone.git('rev-parse', 'HEAD')).toBe(main);
    expect(clone.git('status', '--porcelain')).toBe('');
    expect(clone.git('rev-parse', '--abbrev-ref', 'development@{upstream}')).toBe('origin/development');

    const again = syncJson(clone, '--push');
    expect(again.code).toBe(0);
    expect(again.report.branches.map((b) => b.result)).toEqual(['up-to-date', 'up-to-date']);
  });

  it('leaves a conflicting branch exactly as it was, names its files, and still syncs the others', () => {
    const { origin, clone } = seedBranches({ 'shared.txt': 'development\n' });
    const devBefore = origin.git('rev-parse', 'development');

    const r = clone.relman('sync', '--push');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/development\s+conflict\s+in shared\.txt \(left as it was\)/);
    expect(r.stdout).toMatch(/security\/hotfix\s+fast-forward\s+\w{7} → \w{7}\s+pushed/);
    expect(r.stderr).toMatch(/^relman: error: 1 of 2 branches not synced: development conflicts with main in shared\.txt\nhint: merge by hand/);

    expect(origin.git('rev-parse', 'development')).toBe(devBefore);
    expect(clone.git('for-each-ref', 'refs/heads/development')).toBe('');
    expect(origin.git('rev-parse', 'security/hotfix')).toBe(clone.git('rev-parse', 'main'));
    expect(clone.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(clone.git('status', '--porcelain')).toBe('');
  });

  it('--dry-run tells what would happen, conflicts included, and changes nothing', () => {
    const { origin, clone } = seedBranches({ 'shared.txt': 'development\n' });
    const refs = () => [clone.git('for-each-ref'), origin.git('for-each-ref')];
    const before = refs();
    const { code, report } = syncJson(clone, '--dry-run', '--push');
    expect(code).toBe(1);
    expect(report.branches.map((b) => [b.branch, b.result, b.conflicts, b.pushed])).toEqual([
      ['development', 'conflict', ['shared.txt'], false],
      ['security/hotfix', 'fast-forward', [], false],
    ]);
    expect(refs()).toEqual(before);
  });

  it('on a checked-out target branch, the working tree moves with it', () => {
    const { clone } = seedBranches();
    clone.git('checkout', '-q', 'development');
    const r = clone.relman('sync', 'development');
    expect(r.code).toBe(0);
    expect(clone.git('symbolic-ref', '--short', 'HEAD')).toBe('development');
    expect(clone.read('shared.txt')).toBe('main\n');
    expect(clone.git('status', '--porcelain')).toBe('');
    expect(clone.git('log', '-1', '--format=%s')).toBe("Merge branch 'main' into development");
  });

  it('names a missing branch, syncs the rest, exit 1; a rejected push is a failure of that branch', () => {
    const { origin, clone } = seedBranches();
    // Someone pushes to security/hotfix after the clone fetched: pushing ours would drop their commit.
    const other = new TestRepo(path.join(tempDir(), 'other'));
    clone.git('clone', '-q', '-b', 'security/hotfix', origin.dir, other.dir);
    other.commit('fix: urgent', { 'hot.txt': '1\n' });
    other.git('push', '-q', 'origin', 'security/hotfix');
    const theirs = origin.git('rev-parse', 'security/hotfix');

    const { code, report, stderr } = syncJson(clone, '--push', 'nope', 'development', 'security/hotfix');
    expect(code).toBe(1);
    expect(report.branches.map((b) => [b.branch, b.result, b.pushed])).toEqual([
      ['nope', 'missing', false],
      ['development', 'merge', true],
      ['security/hotfix', 'fast-forward', false],
    ]);
    expect(report.branches[0]?.problem).toBe('branch nope does not exist locally or as origin/nope');
    expect(report.branches[2]?.problem).toMatch(/^push of security\/hotfix to origin was rejected/);
    expect(stderr).toContain('2 of 3 branches not synced');
    expect(origin.git('rev-parse', 'security/hotfix')).toBe(theirs);
  });

  it('refuses a dirty tree and a run with no branch, changing nothing', () => {
    const { clone } = seedBranches();
    clone.write({ 'shared.txt': 'edited\n' });
    const dirty = clone.relman('sync');
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain('relman: error: the working tree has uncommitted changes: shared.txt');
    expect(clone.git('for-each-ref', 'refs/heads')).not.toContain('development');

    const bare = TestRepo.init();
    bare.commit('chore: init', { 'package.json': packageJson('app', '1.0.0') });
    const none = bare.relman('sync');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('[sync] branches');
    expect(bare.relman('sync', 'main').code).toBe(2);
  });
});
