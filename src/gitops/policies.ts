import type { GitopsPolicyConfig } from '../config/schema.js';
import { RelmanError } from '../errors.js';
import { updatePath, UpdateStrategyError, type UpdateStrategy } from './automation.js';
import { parseImageRepository, ImageRefError, type ImageRepository } from './imageRef.js';
import type { PolicyRule, TagFilter } from './policy.js';
import type { ScannedFile } from './scan.js';
import { YamlFileError } from './yamlFile.js';

/** An image policy, from a Flux ImagePolicy + ImageRepository pair or from relman.toml. */
export interface ImagePolicy {
  /** Null when the object names no namespace: it then answers markers of any namespace by name. */
  namespace: string | null;
  name: string;
  /** The image as written (`spec.image`): what full-reference markers receive before `:tag`. */
  image: string;
  repository: ImageRepository;
  insecure: boolean;
  /** Tags the ImageRepository never lists (regular expressions). */
  exclusionList: string[];
  rule: PolicyRule;
  filter?: TagFilter;
  /** Whether markers get the digest too (Flux's `digestReflectionPolicy` other than `Never`). */
  reflectDigest: boolean;
  /** Where it is declared: `file:line`. */
  source: string;
}

export function policyId(p: Pick<ImagePolicy, 'namespace' | 'name'>): string {
  return `${p.namespace ?? '*'}:${p.name}`;
}

/** Flux's default for ImageRepository `exclusionList`: signatures are not images. */
const DEFAULT_EXCLUSIONS = ['^.*\\.sig$'];
// v1beta1 has the same fields relman reads; Flux served it until 2.7, and `flux create --export` wrote it
// before 2.0, so many config repositories still hold it.
const API_VERSIONS = new Set(['image.toolkit.fluxcd.io/v1beta1', 'image.toolkit.fluxcd.io/v1beta2', 'image.toolkit.fluxcd.io/v1']);

export interface FluxObjects {
  policies: ImagePolicy[];
  /** Folders ImageUpdateAutomation objects may change; empty when there are none (everything). */
  updatePaths: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Reads the ImageRepository, ImagePolicy and ImageUpdateAutomation objects (v1beta1, v1beta2, v1) in the
 * scanned files. An object relman cannot use is a warning naming its file and line; an automation
 * with an unsupported strategy is an error, since changing files it does not allow would be wrong.
 */
export function readFluxObjects(files: readonly ScannedFile[], warn: (message: string) => void): FluxObjects {
  const repositories = new Map<string, { spec: Obj; where: string }>();
  const policies: { meta: Obj; spec: Obj; where: string }[] = [];
  const updatePaths: string[] = [];
  for (const file of files) {
    if (!file.hasFluxObjects) continue;
    for (const doc of file.yaml.documents()) {
      let value: unknown;
      try {
        value = file.yaml.valueOf(doc);
      } catch (e) {
        if (!(e instanceof YamlFileError)) throw e;
        warn(`${e.message} (document skipped)`);
        continue;
      }
      if (!isObj(value) || !str(value.apiVersion)?.startsWith('image.toolkit.fluxcd.io/')) continue;
      const where = `${file.path}:${file.yaml.lineOf(doc.contents?.range[0] ?? doc.range[0])}`;
      const meta = isObj(value.metadata) ? value.metadata : {};
      const spec = isObj(value.spec) ? value.spec : {};
      if (!API_VERSIONS.has(value.apiVersion as string)) {
        warn(`${where}: ${value.kind} ${value.apiVersion} is not read (relman reads v1beta1, v1beta2 and v1)`);
        continue;
      }
      if (value.kind === 'ImageRepository') {
        const name = str(meta.name);
        if (name) repositories.set(`${str(meta.namespace) ?? ''}/${name}`, { spec, where });
      } else if (value.kind === 'ImagePolicy') policies.push({ meta, spec, where });
      else if (value.kind === 'ImageUpdateAutomation') {
        // The API server defaults a missing `update` to the Setters strategy.
        const update = (isObj(spec.update) ? spec.update : { strategy: 'Setters' }) as UpdateStrategy;
        try {
          updatePaths.push(updatePath(update));
        } catch (e) {
          if (e instanceof UpdateStrategyError) throw new RelmanError(`${where}: ImageUpdateAutomation ${str(meta.name) ?? ''}: ${e.message}`, 'relman applies the Setters strategy only');
          throw e;
        }
      }
    }
  }
  const out: ImagePolicy[] = [];
  for (const p of policies) {
    try {
      out.push(fluxPolicy(p.meta, p.spec, p.where, repositories));
    } catch (e) {
      if (!(e instanceof PolicyObjectError)) throw e;
      warn(`${p.where}: ImagePolicy ${str(p.meta.name) ?? '(no name)'} skipped: ${e.message}`);
    }
  }
  return { policies: out, updatePaths };
}

class PolicyObjectError extends Error {}

function fluxPolicy(meta: Obj, spec: Obj, where: string, repositories: Map<string, { spec: Obj; where: string }>): ImagePolicy {
  const name = str(meta.name);
  if (!name) throw new PolicyObjectError('metadata.name is missing');
  const namespace = str(meta.namespace) ?? null;
  const ref = isObj(spec.imageRepositoryRef) ? spec.imageRepositoryRef : {};
  const repoName = str(ref.name);
  if (!repoName) throw new PolicyObjectError('spec.imageRepositoryRef.name is missing');
  const repoNamespace = str(ref.namespace) ?? namespace ?? '';
  const repo = repositories.get(`${repoNamespace}/${repoName}`) ?? repositories.get(`/${repoName}`);
  if (!repo) throw new PolicyObjectError(`its ImageRepository ${repoNamespace ? `${repoNamespace}/` : ''}${repoName} is not in the repository`);
  const image = str(repo.spec.image);
  if (!image) throw new PolicyObjectError(`the ImageRepository at ${repo.where} has no spec.image`);
  const filter = isObj(spec.filterTags) ? { pattern: str(spec.filterTags.pattern), extract: str(spec.filterTags.extract) } : undefined;
  const exclusions = Array.isArray(repo.spec.exclusionList) ? repo.spec.exclusionList.filter((e): e is string => typeof e === 'string') : DEFAULT_EXCLUSIONS;
  return {
    namespace,
    name,
    image,
    repository: repositoryOf(image),
    insecure: repo.spec.insecure === true,
    exclusionList: exclusions,
    rule: ruleOf(isObj(spec.policy) ? spec.policy : {}),
    filter,
    reflectDigest: ['Always', 'IfNotPresent'].includes(str(spec.digestReflectionPolicy) ?? 'Never'),
    source: where,
  };
}

function repositoryOf(image: string): ImageRepository {
  try {
    return parseImageRepository(image);
  } catch (e) {
    if (e instanceof ImageRefError) throw new PolicyObjectError(e.message);
    throw e;
  }
}

function ruleOf(policy: Obj): PolicyRule {
  const order = (o: unknown) => {
    const v = isObj(o) ? (o.order ?? 'asc') : 'asc';
    if (v !== 'asc' && v !== 'desc') throw new PolicyObjectError(`order must be asc or desc, not ${JSON.stringify(v)}`);
    return v;
  };
  if (isObj(policy.semver)) {
    const range = str(policy.semver.range);
    if (!range) throw new PolicyObjectError('spec.policy.semver.range is missing');
    return { kind: 'semver', range };
  }
  if ('alphabetical' in policy) return { kind: 'alphabetical', order: order(policy.alphabetical) };
  if ('numerical' in policy) return { kind: 'numerical', order: order(policy.numerical) };
  throw new PolicyObjectError('spec.policy needs semver, alphabetical or numerical');
}

/** Policies from `[[gitops.policies]]` in relman.toml. */
export function configPolicies(entries: readonly GitopsPolicyConfig[], file: string): ImagePolicy[] {
  return entries.map((e, i) => {
    const where = `${file}: gitops.policies[${i}] (${e.name})`;
    const rules = [e.semver !== undefined, e.alphabetical !== undefined, e.numerical !== undefined].filter(Boolean).length;
    if (rules !== 1) throw new RelmanError(`${where} needs exactly one of semver, alphabetical, numerical`);
    const rule: PolicyRule = e.semver !== undefined ? { kind: 'semver', range: e.semver } : e.alphabetical ? { kind: 'alphabetical', order: e.alphabetical } : { kind: 'numerical', order: e.numerical ?? 'asc' };
    let repository: ImageRepository;
    try {
      repository = parseImageRepository(e.image);
    } catch (err) {
      throw new RelmanError(`${where}: ${(err as Error).message}`);
    }
    return {
      namespace: e.namespace ?? null,
      name: e.name,
      image: e.image,
      repository,
      insecure: false,
      exclusionList: DEFAULT_EXCLUSIONS,
      rule,
      filter: e.filterPattern !== undefined || e.filterExtract !== undefined ? { pattern: e.filterPattern, extract: e.filterExtract } : undefined,
      reflectDigest: e.digestReflectionPolicy === 'Always' || e.digestReflectionPolicy === 'IfNotPresent',
      source: where,
    };
  });
}

/** Finds the policy a marker names (`namespace:name`); a policy without namespace answers any namespace. */
export class PolicyIndex {
  private readonly exact = new Map<string, ImagePolicy>();
  private readonly byName = new Map<string, ImagePolicy>();

  constructor(readonly all: readonly ImagePolicy[]) {
    for (const p of all) {
      const map = p.namespace === null ? this.byName : this.exact;
      const key = p.namespace === null ? p.name : `${p.namespace}:${p.name}`;
      const twin = map.get(key);
      if (twin) throw new RelmanError(`image policy ${policyId(p)} is declared twice: ${twin.source} and ${p.source}`, 'keep one of them');
      map.set(key, p);
    }
  }

  find(markerPolicy: string): ImagePolicy | undefined {
    return this.exact.get(markerPolicy) ?? this.byName.get(markerPolicy.slice(markerPolicy.indexOf(':') + 1));
  }

  /** By `namespace:name` or, when unambiguous, by name alone (for the command line). */
  named(text: string): ImagePolicy {
    const hit = text.includes(':') ? this.find(text) : this.all.filter((p) => p.name === text);
    const found = Array.isArray(hit) ? (hit.length === 1 ? hit[0] : undefined) : hit;
    if (found) return found;
    if (Array.isArray(hit) && hit.length > 1) throw new RelmanError(`several image policies are named ${text}`, `name one as NAMESPACE:NAME: ${hit.map(policyId).join(', ')}`);
    throw new RelmanError(`no image policy ${text}`, this.all.length ? `known policies: ${this.all.map(policyId).join(', ')}` : 'declare ImagePolicy objects in the config repository or [[gitops.policies]] in relman.toml');
  }
}
