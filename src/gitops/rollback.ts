import { RelmanError } from '../errors.js';
import { formatRepository, parseImageReference } from './imageRef.js';
import { policyId, type ImagePolicy } from './policies.js';
import type { PolicyResolver } from './resolve.js';
import type { LatestRef } from './setters.js';
import { planUpdate, updateMessage, usedPolicies, usesOf, type ConfigRepo, type FileChange } from './update.js';
import { addWithdrawal, removeWithdrawal, WITHDRAWN_FILE, withdrawnTags, type Withdrawal } from './withdrawals.js';

export interface RollbackRequest {
  policy: string;
  /** The tag to go back to; default: what the policy chooses once the current tag is withdrawn. */
  to?: string;
  reason: string;
  now: Date;
}

export interface RollbackChange {
  policy: ImagePolicy;
  withdrawn: Withdrawal;
  /** The tag the policy's markers now hold. */
  tag: string;
  files: { path: string; text: string }[];
  markerChanges: FileChange[];
  message: string;
  /** Tags the next update would choose over `tag` (newer and not withdrawn). */
  newer: string[];
}

/** The one tag the policy's markers hold now. */
export function currentTag(repo: ConfigRepo, policy: ImagePolicy): string {
  const tags = new Set<string>();
  for (const { file, markers } of repo.markerFiles) {
    for (const m of markers) {
      if (repo.policies.find(m.policy, file.path) !== policy) continue;
      if (m.field === 'tag') tags.add(m.value);
      if (m.field === 'image') {
        try {
          const tag = parseImageReference(m.value).tag;
          if (tag) tags.add(tag);
        } catch {
          // a value that is not an image reference says nothing about the tag
        }
      }
    }
  }
  if (tags.size === 0) throw new RelmanError(`no marker of image policy ${policyId(policy)} holds a tag`, 'a rollback changes markers; add {"$imagepolicy": …} markers or check the policy name');
  if (tags.size > 1) throw new RelmanError(`the markers of image policy ${policyId(policy)} hold different tags (${[...tags].join(', ')})`, `update them first (relman gitops update), or look at: ${usesOf(repo, policy).join(', ')}`);
  return [...tags][0] ?? '';
}

/**
 * Withdraws the tag a policy runs now and puts the previous one back: the markers of that policy, and
 * of every other policy of the same image that runs the withdrawn tag, since the tag is out of
 * service everywhere. Only those markers change; the registry is not touched.
 */
export async function planRollback(repo: ConfigRepo, resolver: PolicyResolver, r: RollbackRequest): Promise<RollbackChange> {
  const policy = repo.policies.named(r.policy, new Set(usedPolicies(repo)));
  const current = currentTag(repo, policy);
  const image = formatRepository(policy.repository);
  let tag = r.to;
  if (tag !== undefined) {
    if (tag === current) throw new RelmanError(`${image}:${tag} is what ${policyId(policy)} runs now`, 'name an earlier tag with --to');
    if (!(await resolver.tagsOf(policy)).includes(tag)) throw new RelmanError(`${image} has no tag ${tag}`, 'relman never rolls back to an image that is not in the registry');
  }
  const withdrawn: Withdrawal = { image: policy.image, tag: current, policy: policyId(policy), at: r.now.toISOString(), reason: r.reason };
  const already = withdrawnTags(repo.withdrawals, policy.repository).has(current);
  const withdrawals = already ? repo.withdrawals : { ...repo.withdrawals, entries: [...repo.withdrawals.entries, withdrawn] };
  const refs = new Map<ImagePolicy, LatestRef>();
  if (tag !== undefined) refs.set(policy, await resolver.refFor(policy, tag));
  // Every policy of this image whose markers run the withdrawn tag goes back.
  const affected = new Set(repo.policies.all.filter((p) => p === policy || (formatRepository(p.repository) === image && runs(repo, p, current))));
  const plan = await planUpdate({ ...repo, withdrawals }, resolver, { only: affected, refs });
  const target = refs.get(policy)?.tag ?? plan.resolutions.find((x) => x.policy === policy)?.ref?.tag ?? '';
  const files = plan.files.map(({ path, text }) => ({ path, text }));
  if (!already) files.push({ path: WITHDRAWN_FILE, text: addWithdrawal(repo.withdrawals, withdrawn) });
  const newer = tag !== undefined ? await newerChoices(resolver, policy, tag, withdrawals) : [];
  const subject = `revert(gitops): withdraw ${image}:${current}, back to ${target} (${policyId(policy)})`;
  return { policy, withdrawn, tag: target, files, markerChanges: plan.files, newer, message: updateMessage(subject, plan.files, `Reason: ${r.reason}`) };
}

function runs(repo: ConfigRepo, p: ImagePolicy, tag: string): boolean {
  try {
    return currentTag(repo, p) === tag;
  } catch {
    return false;
  }
}

/** What `update` would deploy instead of a hand-picked rollback target, if anything. */
async function newerChoices(resolver: PolicyResolver, policy: ImagePolicy, tag: string, withdrawals: ConfigRepo['withdrawals']): Promise<string[]> {
  const choice = await resolver.resolve(policy, withdrawnTags(withdrawals, policy.repository));
  return choice.ref && choice.ref.tag !== tag ? [choice.ref.tag] : [];
}

export interface RestoreChange {
  policy: ImagePolicy;
  tag: string;
  files: { path: string; text: string }[];
  message: string;
}

/** Takes a withdrawal back; the next update may deploy the tag again. */
export function planRestore(repo: ConfigRepo, policyName: string, tag: string): RestoreChange {
  const policy = repo.policies.named(policyName, new Set(usedPolicies(repo)));
  const image = formatRepository(policy.repository);
  if (!withdrawnTags(repo.withdrawals, policy.repository).has(tag)) {
    throw new RelmanError(`${image}:${tag} is not withdrawn`, `see ${WITHDRAWN_FILE}`);
  }
  return {
    policy,
    tag,
    files: [{ path: WITHDRAWN_FILE, text: removeWithdrawal(repo.withdrawals, policy.repository, tag) }],
    message: `chore(gitops): restore ${image}:${tag} for deployment\n\nTaken back by ${policyId(policy)}; the next relman gitops update may deploy it again.\n`,
  };
}
