import { RelmanError } from '../errors.js';
import { git } from './run.js';

export interface CommitInfo {
  sha: string;
  /** Committer time, Unix seconds: the same for every rebuild of the commit. */
  commitTime: number;
}

export async function commitInfo(root: string, rev: string): Promise<CommitInfo> {
  const r = await git(['show', '-s', '--format=%H %ct', `${rev}^{commit}`, '--'], { cwd: root, okCodes: [128] });
  const [sha = '', time = ''] = r.stdout.trim().split(' ');
  if (r.code !== 0 || !sha) throw new RelmanError(`${rev} is not a commit in ${root}`);
  return { sha, commitTime: Number(time) };
}
