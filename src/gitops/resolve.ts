import { RelmanError } from '../errors.js';
import { compileGoRegexp, GoRegexpError } from './goRegexp.js';
import { formatRepository } from './imageRef.js';
import { policyId, type ImagePolicy } from './policies.js';
import { compileChooser, PolicyError } from './policy.js';
import { RegistryAuthError, type Registries } from './registry.js';
import type { LatestRef } from './setters.js';

/** Image repositories whose tags are listed at the same time. */
const CONCURRENCY = 8;

export interface Resolution {
  policy: ImagePolicy;
  /** What the policy chooses, or null with `error` set. */
  ref: LatestRef | null;
  error: string | null;
  /** How to fix the error, when relman knows. */
  hint?: string;
}

/**
 * Flux logs in to a cloud registry with the cluster's identity (`spec.provider`); relman reads the
 * Docker config, where each cloud's own credential helper or login command does the same.
 */
const CLOUD_LOGIN: Record<string, (registry: string) => string> = {
  aws: (r) => `the ImageRepository logs in with provider aws in the cluster; here, put "credHelpers": {"${r}": "ecr-login"} (amazon-ecr-credential-helper) in the Docker config, or run: aws ecr get-login-password | docker login --username AWS --password-stdin ${r}`,
  gcp: (r) => `the ImageRepository logs in with provider gcp in the cluster; here, run: gcloud auth configure-docker ${r}`,
  azure: (r) => `the ImageRepository logs in with provider azure in the cluster; here, run: az acr login --name ${r.split('.')[0]}`,
};

/**
 * Resolves policies against their registries: one tag list per image repository however many
 * policies share it, fetched in parallel with a bound; then each policy's choice, skipping the tags
 * its ImageRepository excludes and the tags withdrawn from service.
 */
export class PolicyResolver {
  private readonly tagLists = new Map<string, Promise<string[]>>();
  private readonly limit = semaphore(CONCURRENCY);

  constructor(private readonly registries: Registries) {}

  tagsOf(policy: ImagePolicy): Promise<string[]> {
    const key = `${formatRepository(policy.repository)}|${policy.insecure}`;
    let tags = this.tagLists.get(key);
    if (!tags) {
      const client = this.registries.client(policy.repository.registry, policy.insecure);
      tags = this.limit(() => client.listTags(policy.repository.repository));
      this.tagLists.set(key, tags);
    }
    return tags;
  }

  /** The tags a policy may choose from: listed, not excluded by its ImageRepository, not in `skip`. */
  async candidates(policy: ImagePolicy, skip: ReadonlySet<string>): Promise<string[]> {
    const exclusions = policy.exclusionList.map((e) => {
      try {
        return compileGoRegexp(e).regexp;
      } catch (err) {
        if (err instanceof GoRegexpError) throw new PolicyError(`invalid exclusionList entry: ${err.message}`);
        throw err;
      }
    });
    return (await this.tagsOf(policy)).filter((t) => !skip.has(t) && !exclusions.some((r) => r.test(t)));
  }

  /**
   * The policy's choice among its tags less `skip` (the withdrawn ones); failures are returned as a
   * message naming the policy, its image and where it is declared.
   */
  async resolve(policy: ImagePolicy, skip: ReadonlySet<string>): Promise<Resolution> {
    const fail = (why: string): Resolution => ({ policy, ref: null, error: `image policy ${policyId(policy)} (${policy.source}): ${why}` });
    try {
      const tags = await this.candidates(policy, skip);
      return { policy, ref: await this.refFor(policy, compileChooser(policy.rule, policy.filter).latest(tags)), error: null };
    } catch (e) {
      if (e instanceof PolicyError) return fail(`${e.message} (${formatRepository(policy.repository)}: ${describeRule(policy)})`);
      if (e instanceof RegistryAuthError) return { ...fail(e.message), hint: CLOUD_LOGIN[policy.provider]?.(policy.repository.registry) ?? e.hint };
      if (e instanceof RelmanError) return { ...fail(e.message), hint: e.hint };
      throw e;
    }
  }

  /** What markers of the policy receive for a tag: with its digest when the policy reflects digests. */
  async refFor(policy: ImagePolicy, tag: string): Promise<LatestRef> {
    if (!policy.reflectDigest) return { name: policy.image, tag };
    const client = this.registries.client(policy.repository.registry, policy.insecure);
    const digest = await this.limit(() => client.manifestDigest(policy.repository.repository, tag));
    if (!digest) throw new RelmanError(`tag ${tag} is not in ${formatRepository(policy.repository)}`);
    return { name: policy.image, tag, digest };
  }

}

export function describeRule(p: ImagePolicy): string {
  const rule = p.rule.kind === 'semver' ? `semver range ${p.rule.range}` : `${p.rule.kind} ${p.rule.order}`;
  return p.filter?.pattern ? `${rule}, tags matching ${p.filter.pattern}` : rule;
}

function semaphore(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
