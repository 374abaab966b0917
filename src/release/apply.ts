import { existsSync } from 'node:fs';
import { RelmanError } from '../errors.js';
import { renderReleaseNotes } from '../changelog/index.js';
import { commitLinker } from '../changelog/commitLinks.js';
import { defaultRemote, remoteUrl } from '../git/repo.js';
import { gitOut } from '../git/run.js';
import { createTag } from '../git/tags.js';
import type { PackagePlan, ReleasePlan } from '../plan/types.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { releaseCommitMessage } from '../repository/releaseCommit.js';
import { checkWorkingTree, commitEdits, releaseEdits } from './edits.js';
import { releaseTagsAtHead } from './githubReleases.js';
import { publishRelease, type PublishResult } from './publish.js';

export interface ReleaseRequest {
  dryRun: boolean;
  push: boolean;
  /** Remote to push to (default: the branch's upstream remote, else origin). */
  remote?: string;
  log: (line: string) => void;
  /** A place besides the manifests that holds a version but is left unchanged (the release goes on). */
  warn: (warning: string) => void;
}

export interface ReleaseOutcome {
  released: PackagePlan[];
  commit: string | null;
  tags: string[];
  /** The files this run's release commit holds (with dryRun: would hold): manifests, other files with the versions, changelogs; none when it finished an earlier run's commit. */
  files: string[];
  pushed: boolean;
  /** True when this run finished a release an earlier run had started (its commit already made). */
  resumed: boolean;
  /** True when another run had already released these versions on the remote. */
  releasedElsewhere: boolean;
}

/**
 * Applies a plan as a sequence of steps whose progress the repository itself records: manifests and
 * changelogs, one release commit (whose trailers name its tags), one annotated tag per package on it,
 * and with `push` one atomic push. A rerun after a failure or a kill at any step finds where the last
 * run stopped — files written, commit made, some tags made, nothing pushed — and finishes that same
 * release; it never makes a second release commit or a second version.
 */
export async function applyRelease(state: RepositoryState, plan: ReleasePlan, req: ReleaseRequest): Promise<ReleaseOutcome> {
  const released = plan.packages.filter((p) => p.nextVersion && p.tag);
  const none: ReleaseOutcome = { released: [], commit: null, tags: [], files: [], pushed: false, resumed: false, releasedElsewhere: false };
  const problems = released.flatMap((p) => p.detail.problems.map((problem) => `${p.name}: ${problem}`));
  if (problems.length) {
    throw new RelmanError(
      `cannot release: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      'nothing was changed; run relman plan to see each package',
    );
  }
  const remote = req.remote ?? (await defaultRemote(state.root, state.head.branch));
  if (req.dryRun) {
    // The same edits a release computes, written nowhere: what the release commit would hold.
    const { edits, warnings } = released.length ? await releaseEdits(state, released, remote) : { edits: [], warnings: [] };
    for (const w of warnings) req.warn(w);
    return { ...none, released, tags: released.map((p) => p.tag as string), files: edits.map((e) => e.file) };
  }
  await refuseStaleLock(state.root);
  if (req.push && !remote) throw new RelmanError('--push: this repository has no remote to push to', 'add one with git remote add origin URL, or pass --remote NAME');
  // Pushed tags on a commit no remote branch holds would be releases nobody can build on.
  if (req.push && !state.head.branch) throw new RelmanError('--push: HEAD is detached, so the release commit would be on no branch', 'check out the branch to release from (git switch main) and run again');

  // A release an earlier run left unfinished at HEAD is finished first; a finished one (a candidate
  // about to graduate, say) leaves the way open for the next release.
  const atHead = await releaseAtHead(state);
  if (atHead) {
    const finished = await finishRelease(state, plan, atHead, remote, req);
    if (finished.resumed || finished.releasedElsewhere) return finished;
  }
  if (released.length === 0) return none;

  const { edits, notes, warnings } = await releaseEdits(state, released, remote);
  for (const w of warnings) req.warn(w);
  await checkWorkingTree(state.root, edits);
  const tags = released.map((p) => p.tag as string);
  const commit = await commitEdits(state.root, edits, releaseCommitMessage(tags));
  req.log(`committed ${commit.slice(0, 7)}: ${tags.join(', ')}`);
  for (const [i, p] of released.entries()) await createTag(state.root, p.tag as string, commit, tagMessage(p, notes[i] ?? ''));
  const published = req.push ? await publish(state, commit, tags, remote, req) : null;
  return { ...none, released, commit, tags, files: edits.map((e) => e.file), pushed: published === 'pushed', releasedElsewhere: published === 'released-elsewhere' };
}

function tagMessage(p: PackagePlan, notes: string): string {
  return `${p.name} ${p.nextVersion}\n\n${notes}`;
}

function publish(state: RepositoryState, commit: string, tags: string[], remote: string | null, req: ReleaseRequest): Promise<PublishResult> {
  return publishRelease({ root: state.root, remote: remote as string, branch: state.head.branch, commit, tags, log: req.log });
}

/** A git command killed while holding the index lock leaves it behind; relman names it rather than guess. */
async function refuseStaleLock(root: string): Promise<void> {
  const lock = await gitOut(['rev-parse', '--path-format=absolute', '--git-path', 'index.lock'], { cwd: root });
  if (existsSync(lock)) {
    throw new RelmanError(
      `found ${lock}: a git command is running in this repository, or one was killed before it finished`,
      `if no git command is running, remove it (rm ${JSON.stringify(lock)}) and run relman release again; nothing was changed`,
    );
  }
}

interface ReleaseAtHead {
  commit: string;
  tags: string[];
}

/** HEAD is a relman release commit: an earlier run's, finished or not. */
async function releaseAtHead(state: RepositoryState): Promise<ReleaseAtHead | null> {
  const tags = await releaseTagsAtHead(state);
  return state.head.sha && tags.length ? { commit: state.head.sha, tags } : null;
}

/** Tags what the release commit at HEAD names but lacks, and pushes what the remote lacks. */
async function finishRelease(state: RepositoryState, plan: ReleasePlan, at: ReleaseAtHead, remote: string | null, req: ReleaseRequest): Promise<ReleaseOutcome> {
  const foreign = at.tags.filter((t) => (state.tags.named(t)?.commit ?? at.commit) !== at.commit);
  if (foreign.length) {
    throw new RelmanError(
      `the release commit ${at.commit.slice(0, 7)} at HEAD names ${foreign.join(', ')}, which already exist on other commits`,
      'this release cannot be finished safely; reset the branch to before the release commit (git reset --keep HEAD^) and run relman release again',
    );
  }
  const missing = at.tags.filter((t) => !state.tags.named(t));
  if (missing.length) {
    req.log(`finishing the release in ${at.commit.slice(0, 7)}: tagging ${missing.join(', ')}`);
    const link = commitLinker(remote ? await remoteUrl(state.root, remote) : null);
    for (const tag of missing) {
      const p = plan.packages.find((x) => x.tag === tag);
      await createTag(state.root, tag, at.commit, p ? tagMessage(p, renderReleaseNotes({ commits: p.detail.changes, link })) : `${tag}\n`);
    }
  }
  const published = req.push ? await publish(state, at.commit, at.tags, remote, req) : null;
  const resumed = missing.length > 0 || published === 'pushed';
  const released = resumed ? plan.packages.filter((p) => p.tag && at.tags.includes(p.tag)) : [];
  return { released, commit: at.commit, tags: resumed ? at.tags : [], files: [], pushed: published === 'pushed', resumed, releasedElsewhere: published === 'released-elsewhere' };
}
