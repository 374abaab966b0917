import { RelmanError } from '../errors.js';
import { pushAtomic } from '../git/push.js';
import { deleteTags, fetchTagsNamed, remoteRefs, resetKeep } from '../git/remote.js';
import { fetchBranch, isAncestor } from '../git/sync.js';

export interface PublishTarget {
  root: string;
  remote: string;
  branch: string | null;
  /** The release commit. */
  commit: string;
  tags: string[];
  log: (line: string) => void;
}

export type PublishResult = 'pushed' | 'already-pushed' | 'released-elsewhere';

/**
 * Pushes a release commit and its tags, checking the remote first: what it already has is not pushed
 * again, and a tag it holds for another commit is never overwritten. A push the remote rejects is
 * read again from the remote: another run released the same versions (the local release is replaced
 * by the remote's), or the remote moved (the local release is undone so a rerun plans on top of it),
 * or the remote refused for its own reasons (the local release is kept for a rerun to push).
 */
export async function publishRelease(t: PublishTarget): Promise<PublishResult> {
  const branchRef = t.branch ? `refs/heads/${t.branch}` : null;
  const refs = await remoteRefs(t.root, t.remote, [...(branchRef ? [branchRef] : []), ...t.tags.map((tag) => `refs/tags/${tag}`)]);
  const taken = t.tags.filter((tag) => refs.has(`refs/tags/${tag}`) && refs.get(`refs/tags/${tag}`) !== t.commit);
  if (taken.length) return lostRace(t, `${t.remote} already has ${taken.join(', ')} on another commit`);
  const missing = t.tags.filter((tag) => !refs.has(`refs/tags/${tag}`));
  const branchDone = !branchRef || refs.get(branchRef) === t.commit;
  if (missing.length === 0 && branchDone) return 'already-pushed';
  let updated: boolean;
  try {
    updated = await pushAtomic(t.root, t.remote, branchDone ? null : t.branch, missing);
  } catch (e) {
    if (e instanceof RelmanError && /rejected/.test(e.message)) return lostRace(t, e.message, e);
    throw e;
  }
  if (!updated) {
    // Between our look and our push, another run pushed this very commit and these very tags.
    t.log(`${t.tags.join(', ')}: already released on ${t.remote} by another run, identical to this one`);
    return 'released-elsewhere';
  }
  t.log(`pushed ${branchDone ? '' : `${t.branch} and `}${missing.length} tag(s) to ${t.remote}`);
  return 'pushed';
}

async function lostRace(t: PublishTarget, why: string, original?: RelmanError): Promise<PublishResult> {
  const remoteHead = t.branch ? await fetchBranch(t.root, t.remote, t.branch) : null;
  const refs = await remoteRefs(t.root, t.remote, t.tags.map((tag) => `refs/tags/${tag}`));
  if (remoteHead && t.tags.every((tag) => refs.has(`refs/tags/${tag}`))) {
    // Another run released these same versions: take its commit and tags instead of ours.
    await deleteTags(t.root, t.tags);
    await resetKeep(t.root, remoteHead);
    await fetchTagsNamed(t.root, t.remote, t.tags);
    t.log(`${t.tags.join(', ')}: already released on ${t.remote} by another run; took its release commit ${remoteHead.slice(0, 7)}`);
    return 'released-elsewhere';
  }
  const parent = `${t.commit}^`;
  if (remoteHead && remoteHead !== t.commit && !(await isAncestor(t.root, remoteHead, parent))) {
    await deleteTags(t.root, t.tags);
    await resetKeep(t.root, parent);
    throw new RelmanError(
      `remote moved: ${t.remote}/${t.branch} is at ${remoteHead.slice(0, 7)}, which this release was not made on (${why}); nothing was pushed, and the local release commit and tags were undone`,
      `bring in the remote's commits (git pull --rebase ${t.remote} ${t.branch}) and run relman release --push again`,
    );
  }
  throw original ?? new RelmanError(`cannot push the release: ${why}`, 'nothing was pushed; resolve it and run relman release --push again');
}
