import { realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { headState, locateRepo, repoRoot } from '../../src/git/repo.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

describe('where a repository is, and its HEAD', () => {
  it('reads a repository with no commit yet: no sha, the branch to be, not shallow', async () => {
    const repo = TestRepo.init({ branch: 'trunk' });
    const root = realpathSync(repo.dir);
    expect(await locateRepo(repo.dir)).toEqual({ root, gitDir: path.join(root, '.git'), shallow: false, sha: null });
    expect(await headState(repo.dir)).toEqual({ sha: null, branch: 'trunk', shallow: false });
  });

  it('finds the top of the work tree from a folder inside it, with HEAD and its branch, or none when detached', async () => {
    const repo = TestRepo.init();
    const first = repo.commit('chore: init', { 'a/b/c.txt': '1\n' });
    const root = realpathSync(repo.dir);
    const location = await locateRepo(path.join(repo.dir, 'a', 'b'));
    expect(location).toEqual({ root, gitDir: path.join(root, '.git'), shallow: false, sha: first });
    expect(await repoRoot(path.join(repo.dir, 'a'))).toBe(root);
    expect(await headState(root, location)).toEqual({ sha: first, branch: 'main', shallow: false });
    const second = repo.commit('fix: more', { 'a/b/c.txt': '2\n' });
    repo.git('checkout', '-q', '--detach', 'HEAD');
    expect(await headState(repo.dir)).toEqual({ sha: second, branch: null, shallow: false });
  });

  it('names the branch as it is, beside a tag of the same name, and asks git where HEAD points outside refs/heads', async () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', { 'a.txt': '1\n' });
    repo.git('tag', 'main');
    // git's own short name here would be `heads/main`, to tell it from the tag.
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('heads/main');
    expect((await headState(repo.dir)).branch).toBe('main');
    repo.git('update-ref', 'refs/remotes/origin/side', 'HEAD');
    repo.git('symbolic-ref', 'HEAD', 'refs/remotes/origin/side');
    expect((await headState(repo.dir)).branch).toBe('origin/side');
  });

  it('tells a shallow clone, and a linked worktree by its own git directory', async () => {
    const origin = TestRepo.init();
    origin.commit('chore: one', { 'a.txt': '1\n' });
    const head = origin.commit('chore: two', { 'a.txt': '2\n' });
    const clone = path.join(tempDir(), 'clone');
    origin.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, clone);
    expect(await locateRepo(clone)).toMatchObject({ root: realpathSync(clone), shallow: true, sha: head });

    const worktree = path.join(tempDir(), 'wt');
    origin.git('worktree', 'add', '-q', '-b', 'side', worktree);
    const location = await locateRepo(worktree);
    expect(location).toEqual({ root: realpathSync(worktree), gitDir: path.join(realpathSync(origin.dir), '.git', 'worktrees', 'wt'), shallow: false, sha: head });
    expect((await headState(worktree)).branch).toBe('side');
  });

  it('names a folder that is in no repository', async () => {
    const outside = tempDir();
    const error = await locateRepo(outside).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelmanError);
    expect((error as RelmanError).message).toBe(`${outside} is not a git repository`);
    await expect(repoRoot(path.join(outside, 'missing'))).rejects.toThrow(`cannot read ${path.join(outside, 'missing')}`);
  });
});
