import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { RelmanError } from '../errors.js';
import { changedTrackedFiles, commitFiles, defaultRemote, headState } from '../git/repo.js';
import { catchUp, fetchBranch, pushHead, resetTo, upstreamBranch } from '../git/sync.js';
import { writeRepoFile } from '../repository/files.js';

/** Files to write and the message of the one commit that holds them. */
export interface ConfigChange {
  files: { path: string; text: string }[];
  message: string;
}

export interface CommitOptions {
  push: boolean;
  dryRun: boolean;
  /** Progress notes for stderr. */
  log: (message: string) => void;
  /** Tries when the remote keeps moving under the push. */
  attempts?: number;
}

export interface CommitResult<C extends ConfigChange> {
  /** What was (or, with --dry-run, would be) committed; null when nothing changes. */
  change: C | null;
  commit: string | null;
  pushed: boolean;
}

/**
 * Makes one commit in the config repository from what `prepare` computes on the current files, and
 * pushes it without ever forcing. When the remote moved meanwhile, relman drops its own unpushed
 * commit, catches up with the remote (keeping every other commit) and runs `prepare` again on the new
 * files, so the change lands on top of whatever others pushed.
 */
export async function commitConfigChange<C extends ConfigChange>(root: string, prepare: () => Promise<C | null>, o: CommitOptions): Promise<CommitResult<C>> {
  if (o.dryRun) return { change: await prepare(), commit: null, pushed: false };
  const dirty = await changedTrackedFiles(root);
  if (dirty.length) {
    throw new RelmanError(`the config repository has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''})`, 'commit or stash them first, so relman commits only its own change');
  }
  const target = o.push ? await pushTarget(root) : null;
  if (target) await syncWithRemote(root, target);
  const attempts = o.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const change = await prepare();
    if (!change) return { change: null, commit: null, pushed: false };
    for (const f of change.files) {
      mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
      writeRepoFile(root, f.path, f.text);
    }
    const commit = await commitFiles(root, change.files, change.message);
    if (!target) return { change, commit, pushed: false };
    if ((await pushHead(root, target.remote, target.branch)) === 'pushed') return { change, commit, pushed: true };
    await resetTo(root, `${commit}~1`);
    if (attempt >= attempts) {
      throw new RelmanError(`${target.remote}/${target.branch} kept moving; gave up after ${attempts} attempts and left nothing committed`, 'run relman again');
    }
    o.log(`${target.remote}/${target.branch} moved while pushing; re-applying on top of it (attempt ${attempt + 1}/${attempts})`);
    await syncWithRemote(root, target);
  }
}

interface PushTarget {
  remote: string;
  branch: string;
}

async function pushTarget(root: string): Promise<PushTarget> {
  const head = await headState(root);
  if (!head.branch) throw new RelmanError('HEAD is detached in the config repository; there is no branch to push', 'check out the branch Flux deploys from');
  const remote = await defaultRemote(root, head.branch);
  if (!remote) throw new RelmanError(`the branch ${head.branch} has no remote to push to`, 'add one: git remote add origin URL');
  return { remote, branch: await upstreamBranch(root, head.branch) };
}

async function syncWithRemote(root: string, t: PushTarget): Promise<void> {
  const tip = await fetchBranch(root, t.remote, t.branch);
  if (tip) await catchUp(root, tip);
}
