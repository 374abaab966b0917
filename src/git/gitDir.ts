import { gitOut } from './run.js';

/** The absolute path of the repository's git directory (a worktree's own one in a linked worktree). */
export async function gitDir(root: string): Promise<string> {
  return gitOut(['rev-parse', '--absolute-git-dir'], { cwd: root });
}
