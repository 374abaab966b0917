import { RelmanError, UsageError } from '../errors.js';
import { branchExists, checkOut, commitsNotIn, createAndCheckOut, defaultBranch } from '../git/branches.js';
import { abortMerge, commitMerge, predictMerge, resolveFile, startMerge } from '../git/merge.js';
import { changedTrackedFiles, headState } from '../git/repo.js';
import type { VersionTag } from '../plan/tagVersions.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { hotfixBranchName, isHotfixBranch } from '../versioning/hotfixLine.js';
import { refNameProblem } from '../versioning/refName.js';
import { bumpVersion, compareVersions, isPrerelease } from '../versioning/semver.js';
import { renderTag } from '../versioning/tagFormat.js';
import type { Package } from '../workspace/types.js';
import { settleConflicts, type Resolution } from './backMerge.js';

export interface HotfixStart {
  branch: string;
  package: string;
  /** The production tag the line starts from. */
  fromTag: string;
  fromCommit: string;
  /** The version the line's first release takes. */
  version: string;
  /** False on a dry run. */
  created: boolean;
}

/**
 * Cuts a hotfix line: creates and checks out `release-vX.Y.(Z+1)` (`release-NAME-v…` in a monorepo) at
 * the production tag — the package's highest final tag anywhere in the repository, or `from`.
 */
export async function startHotfix(state: RepositoryState, opts: { package?: string; from?: string; dryRun: boolean }): Promise<HotfixStart> {
  const pkg = hotfixPackage(state, opts);
  const production = productionTag(state, pkg, opts.from);
  let version = bumpVersion(production.version, 'patch');
  // The line never releases a version a tag anywhere already names.
  while (state.tags.named(renderTag(pkg.tagFormat, pkg.name, version))) version = bumpVersion(version, 'patch');
  const branch = hotfixBranchName(state.packages.length === 1 ? null : pkg.name, version);
  const problem = refNameProblem(branch);
  if (problem) throw new RelmanError(`the hotfix branch "${branch}" is not a valid branch name: it ${problem}`);
  if (await branchExists(state.root, branch)) {
    throw new RelmanError(`branch ${branch} already exists`, `continue on it: git checkout ${branch}`);
  }
  const start = { branch, package: pkg.name, fromTag: production.tag.name, fromCommit: production.tag.commit, version, created: false };
  if (opts.dryRun) return start;
  await refuseUncommittedChanges(state.root);
  await createAndCheckOut(state.root, branch, production.tag.commit);
  return { ...start, created: true };
}

function hotfixPackage(state: RepositoryState, opts: { package?: string; from?: string }): Package {
  const names = state.packages.map((p) => p.name).sort().join(', ');
  if (opts.package !== undefined) {
    const pkg = state.packages.find((p) => p.name === opts.package);
    if (!pkg) throw new RelmanError(`no package named "${opts.package}"`, `packages here: ${names}`);
    return pkg;
  }
  const only = state.packages.length === 1 ? state.packages[0] : undefined;
  if (only) return only;
  const from = opts.from;
  if (from === undefined) throw new UsageError('this repository has several packages: name the one to hotfix with --package NAME', `packages here: ${names}`);
  const owner = state.packages.find((p) => packageTagsOf(state, p).some((t) => t.tag.name === from));
  if (!owner) throw new RelmanError(`--from ${from}: no package has a release tag of that name`, state.tags.named(from) ? 'name the package with --package NAME' : 'fetch the tags first: git fetch --tags');
  return owner;
}

function packageTagsOf(state: RepositoryState, pkg: Package): VersionTag[] {
  return state.tags.packageTags(pkg.tagFormat, pkg.name).all;
}

function productionTag(state: RepositoryState, pkg: Package, from: string | undefined): VersionTag {
  const tags = packageTagsOf(state, pkg);
  if (from !== undefined) {
    const tag = tags.find((t) => t.tag.name === from);
    if (!tag) {
      const hint = state.tags.named(from) ? `${from} is not a release tag of ${pkg.name} (its tags look like ${renderTag(pkg.tagFormat, pkg.name, '1.2.3')})` : 'fetch the tags first: git fetch --tags';
      throw new RelmanError(`--from ${from}: no release tag of ${pkg.name} has that name`, hint);
    }
    if (isPrerelease(tag.version)) throw new RelmanError(`--from ${from}: ${from} is a release candidate`, 'a hotfix line starts from a final release, the one in production');
    return tag;
  }
  const finals = tags.filter((t) => !isPrerelease(t.version)).sort((a, b) => compareVersions(b.version, a.version));
  const latest = finals[0];
  if (!latest) throw new RelmanError(`${pkg.name} has no final release tag to cut a hotfix line from`, 'release it first, or name a tag with --from TAG');
  return latest;
}

async function refuseUncommittedChanges(root: string): Promise<void> {
  const dirty = await changedTrackedFiles(root);
  if (dirty.length) {
    throw new RelmanError(`the working tree has uncommitted changes: ${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}`, 'commit or stash them first');
  }
}

export interface HotfixFinish {
  branch: string;
  into: string;
  /** The merge commit; null when there was nothing to merge or on a dry run. */
  commit: string | null;
  /** Commits the release branch had that `into` lacked. */
  commits: number;
  /** Conflicts relman settled (on a dry run: would settle). */
  resolved: { path: string; kind: Resolution['kind'] }[];
}

/**
 * Merges a release branch back into main (`main`, else `master`, or `into`), settling conflicts in
 * version manifests and changelogs. Any other conflict aborts the merge and names the files: the
 * branches, the work tree and the checked-out branch are as they were.
 */
export async function finishHotfix(root: string, opts: { branch?: string; into?: string; dryRun: boolean }): Promise<HotfixFinish> {
  const head = await headState(root);
  const branch = opts.branch ?? head.branch;
  if (!branch || !isHotfixBranch(branch)) {
    throw new UsageError(`${branch ? `${branch} is not a release branch` : 'HEAD is detached'}: hotfix finish merges a release-* branch back`, 'run it on the release branch, or pass --branch release-…');
  }
  if (!(await branchExists(root, branch))) throw new RelmanError(`no branch named ${branch}`);
  const into = opts.into ?? (await defaultBranch(root));
  if (!into) throw new RelmanError('this repository has no main or master branch to merge into', 'name it with --into BRANCH');
  if (!(await branchExists(root, into))) throw new RelmanError(`--into ${into}: no branch named ${into}`);
  if (into === branch) throw new UsageError(`cannot merge ${branch} into itself`, 'pass --into BRANCH');

  const commits = await commitsNotIn(root, branch, into);
  const none: HotfixFinish = { branch, into, commit: null, commits, resolved: [] };
  if (commits === 0) return none;
  if (opts.dryRun) {
    const { resolved, unresolved } = await settleConflicts(root, await predictMerge(root, into, branch));
    if (unresolved.length) throw conflictError(branch, into, unresolved, 'would stop');
    return { ...none, resolved: resolved.map(({ path, kind }) => ({ path, kind })) };
  }
  await refuseUncommittedChanges(root);
  await checkOut(root, into);
  try {
    const { resolved, unresolved } = await settleConflicts(root, await startMerge(root, branch));
    if (unresolved.length) throw conflictError(branch, into, unresolved, 'stopped');
    for (const r of resolved) await resolveFile(root, r.path, r.text);
    const commit = await commitMerge(root, `Merge branch '${branch}' into ${into}`);
    return { ...none, commit, resolved: resolved.map(({ path, kind }) => ({ path, kind })) };
  } catch (e) {
    await abortMerge(root).catch(() => undefined);
    if (head.branch) await checkOut(root, head.branch);
    throw e;
  }
}

function conflictError(branch: string, into: string, files: string[], verb: string): RelmanError {
  return new RelmanError(
    `merging ${branch} into ${into} ${verb} on conflicts relman does not settle: ${files.join(', ')}; nothing was changed`,
    `merge by hand: git checkout ${into} && git merge ${branch}, resolve ${files.length === 1 ? 'that file' : 'those files'}, commit`,
  );
}
