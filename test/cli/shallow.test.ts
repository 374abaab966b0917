import { describe, expect, it } from 'vitest';
import { TestRepo, packageJson, tempDir } from '../helpers/repo.js';

/** A remote with two packages, tags deep in the history, and unreleased work on top. */
function remoteWithHistory(): TestRepo {
  const origin = TestRepo.init();
  origin.commit('chore: init', { 'a/package.json': packageJson('a', '1.0.0'), 'b/package.json': packageJson('b', '1.0.0') });
  origin.tag('a-v1.0.0');
  origin.tag('b-v1.0.0');
  origin.commit('feat(a): early feature', { 'a/x.js': '1\n' });
  for (let i = 0; i < 150; i++) origin.commit(`fix(b): change ${i}`, { 'b/y.js': `${i}\n` });
  origin.tag('b-v1.0.150', 'HEAD', false);
  origin.commit('fix(b): latest', { 'b/y.js': 'last\n' });
  return origin;
}

describe('shallow clones', () => {
  it('deepens a --depth 1 clone just enough and plans as a full clone does', () => {
    const origin = remoteWithHistory();
    const full = origin.relman('plan', '--json');
    const shallow = new TestRepo(tempDir());
    shallow.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, shallow.dir);
    expect(shallow.git('rev-list', '--count', 'HEAD')).toBe('1');
    const r = shallow.relman('plan', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(full.stdout));
    expect(r.stderr).toContain('deepened the shallow clone');
    expect(JSON.parse(r.stdout).packages.map((p: { nextVersion: string }) => p.nextVersion)).toEqual(['1.1.0', '1.0.151']);
  });

  it('says so when a shallow clone has no remote to deepen from', () => {
    const origin = remoteWithHistory();
    const shallow = new TestRepo(tempDir());
    shallow.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, shallow.dir);
    shallow.git('remote', 'remove', 'origin');
    const r = shallow.relman('plan');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("relman: error: this shallow clone cuts the history inside a package's range, and it has no remote to fetch more from");
  });
});
