import { RelmanError } from '../errors.js';
import { advanceBranch, commitTree, mergeTrees, pushBranch, refTip, trackRemoteBranch } from '../git/branchSync.js';
import { isAncestor } from '../git/sync.js';

export type SyncResult = 'up-to-date' | 'fast-forward' | 'merge' | 'conflict' | 'missing';

export interface BranchSync {
  branch: string;
  result: SyncResult;
  /** The branch's commit before (the remote's, for a branch only the remote has), null when missing. */
  before: string | null;
  /** Its commit after the sync; null when it did not move or on a dry run of a merge. */
  after: string | null;
  /** Files that conflict (result `conflict`). */
  conflicts: string[];
  pushed: boolean;
  /** What went wrong for this branch (a conflict, a missing branch, a failed push), else null. */
  problem: string | null;
}

export interface SyncRequest {
  root: string;
  /** The branch to bring in (e.g. main) and its commit. */
  source: { name: string; commit: string };
  branches: string[];
  /** The branch checked out now, which moves with its working tree. */
  checkedOut: string | null;
  /** Where a branch that exists only as a remote-tracking branch comes from, and where --push goes. */
  remote: string | null;
  push: boolean;
  dryRun: boolean;
}

/**
 * Brings `source` into each branch: a fast-forward when the branch has nothing of its own, else a merge
 * commit made in the object store (`git merge-tree`), so a branch that conflicts is never touched and
 * the working tree never leaves the branch it is on. Each branch goes through on its own: one that
 * conflicts or fails to push does not stop the others.
 */
export async function syncBranches(req: SyncRequest): Promise<BranchSync[]> {
  const results: BranchSync[] = [];
  for (const branch of req.branches) {
    const result = await syncOne(req, branch);
    // A branch only the remote has, and already up to date, has nothing to push.
    const hasLocal = result.after !== null || (await refTip(req.root, `refs/heads/${branch}`)) !== null;
    if (req.push && !req.dryRun && result.problem === null && hasLocal) {
      try {
        await pushBranch(req.root, req.remote as string, branch);
        result.pushed = true;
      } catch (e) {
        if (!(e instanceof RelmanError)) throw e;
        result.problem = e.message;
      }
    }
    results.push(result);
  }
  return results;
}

async function syncOne(req: SyncRequest, branch: string): Promise<BranchSync> {
  const none = { after: null, conflicts: [], pushed: false, problem: null };
  const local = await refTip(req.root, `refs/heads/${branch}`);
  const before = local ?? (req.remote ? await refTip(req.root, `refs/remotes/${req.remote}/${branch}`) : null);
  if (!before) {
    const where = req.remote ? `locally or as ${req.remote}/${branch}` : 'locally';
    return { ...none, branch, result: 'missing', before, problem: `branch ${branch} does not exist ${where}` };
  }
  const source = req.source.commit;
  if (await isAncestor(req.root, source, before)) return { ...none, branch, result: 'up-to-date', before };
  let result: SyncResult = 'fast-forward';
  let after: string | null = source;
  if (!(await isAncestor(req.root, before, source))) {
    const merged = await mergeTrees(req.root, before, source);
    if (merged.tree === null) {
      return { ...none, branch, result: 'conflict', before, conflicts: merged.conflicts, problem: `${branch} conflicts with ${req.source.name} in ${merged.conflicts.join(', ')}` };
    }
    result = 'merge';
    after = req.dryRun ? null : await commitTree(req.root, merged.tree, [before, source], mergeMessage(req.source.name, branch));
  }
  if (req.dryRun || after === null) return { ...none, branch, result, before, after };
  if (local) await advanceBranch(req.root, branch, local, after, branch === req.checkedOut);
  else await createTracking(req, branch, after);
  return { ...none, branch, result, before, after };
}

/** A local branch at `commit` for one that only the remote had, tracking it as `git checkout BRANCH` would. */
async function createTracking(req: SyncRequest, branch: string, commit: string): Promise<void> {
  await advanceBranch(req.root, branch, null, commit, false);
  if (req.remote) await trackRemoteBranch(req.root, branch, req.remote);
}

/** The message `git merge` writes. */
function mergeMessage(source: string, branch: string): string {
  return `Merge branch '${source}' into ${branch}\n`;
}
