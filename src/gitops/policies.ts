import type { GitopsPolicyConfig } from '../config/schema.js';
import { RelmanError } from '../errors.js';
import { inPaths, labelSelector, LabelSelectorError, updatePath, UpdateStrategyError, type Automation, type UpdateStrategy } from './automation.js';
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
  /** The ImageRepository's `spec.provider`: how Flux logs in (aws, gcp, azure; generic: a secret or none). */
  provider: string;
  insecure: boolean;
  /** Tags the ImageRepository never lists (regular expressions). */
  exclusionList: string[];
  rule: PolicyRule;
  filter?: TagFilter;
  /** Whether markers get the digest too (Flux's `digestReflectionPolicy` other than `Never`). */
  reflectDigest: boolean;
  /** `metadata.labels`, which an ImageUpdateAutomation's policySelector chooses by. */
  labels: Record<string, string>;
  /** Where it is declared: `file:line`. */
  source: string;
  /** The repository-relative file that declares it (the config file for relman.toml policies). */
  file: string;
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
  /** Empty when there are none: then every file may change. */
  automations: Automation[];
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
  const repositories = new Map<string, Declared[]>();
  const policies: Declared[] = [];
  const automations: Automation[] = [];
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
      const declared = { meta, spec, where, file: file.path };
      if (value.kind === 'ImageRepository') {
        const name = str(meta.name);
        if (name) repositories.set(name, [...(repositories.get(name) ?? []), declared]);
      } else if (value.kind === 'ImagePolicy') policies.push(declared);
      else if (value.kind === 'ImageUpdateAutomation') {
        // The API server defaults a missing `update` to the Setters strategy.
        const update = (isObj(spec.update) ? spec.update : { strategy: 'Setters' }) as UpdateStrategy;
        try {
          const automation = { file: file.path, path: updatePath(update), suspended: spec.suspend === true, namespace: str(meta.namespace) ?? null, selector: labelSelector(spec.policySelector) };
          if (automation.suspended) warn(`${where}: ImageUpdateAutomation ${str(meta.name) ?? ''} is suspended: relman, like Flux, changes nothing under ${automation.path || 'the repository'} for it`);
          automations.push(automation);
        } catch (e) {
          if (e instanceof UpdateStrategyError) throw new RelmanError(`${where}: ImageUpdateAutomation ${str(meta.name) ?? ''}: ${e.message}`, 'relman applies the Setters strategy only');
          if (e instanceof LabelSelectorError) throw new RelmanError(`${where}: ImageUpdateAutomation ${str(meta.name) ?? ''}: ${e.message}`, 'Flux refuses such an automation too: fix its spec.policySelector');
          throw e;
        }
      }
    }
  }
  const out: ImagePolicy[] = [];
  for (const p of policies) {
    try {
      out.push(fluxPolicy(p, repositories));
    } catch (e) {
      if (!(e instanceof PolicyObjectError)) throw e;
      warn(`${p.where}: ImagePolicy ${str(p.meta.name) ?? '(no name)'} skipped: ${e.message}`);
    }
  }
  return { policies: out, automations };
}

/** A Flux object as read from the repository. */
interface Declared {
  meta: Obj;
  spec: Obj;
  where: string;
  file: string;
}

class PolicyObjectError extends Error {}

function fluxPolicy({ meta, spec, where, file }: Declared, repositories: Map<string, Declared[]>): ImagePolicy {
  const name = str(meta.name);
  if (!name) throw new PolicyObjectError('metadata.name is missing');
  const namespace = str(meta.namespace) ?? null;
  const ref = isObj(spec.imageRepositoryRef) ? spec.imageRepositoryRef : {};
  const repoName = str(ref.name);
  if (!repoName) throw new PolicyObjectError('spec.imageRepositoryRef.name is missing');
  const repoNamespace = str(ref.namespace) ?? namespace;
  // A namespace left out (for a kustomization to set) matches any.
  const candidates = (repositories.get(repoName) ?? []).filter((r) => !repoNamespace || !str(r.meta.namespace) || str(r.meta.namespace) === repoNamespace);
  const nearestRepos = nearest(candidates, [file]);
  const repo = nearestRepos[0];
  if (!repo) throw new PolicyObjectError(`its ImageRepository ${repoNamespace ? `${repoNamespace}/` : ''}${repoName} is not in the repository`);
  if (nearestRepos.some((r) => JSON.stringify(r.spec) !== JSON.stringify(repo.spec))) {
    throw new PolicyObjectError(`its ImageRepository ${repoName} is declared differently at ${nearestRepos.map((r) => r.where).join(' and ')}, and none is nearer to ${file}`);
  }
  const image = str(repo.spec.image);
  if (!image) throw new PolicyObjectError(`the ImageRepository at ${repo.where} has no spec.image`);
  const filter = isObj(spec.filterTags) ? { pattern: str(spec.filterTags.pattern), extract: str(spec.filterTags.extract) } : undefined;
  const exclusions = Array.isArray(repo.spec.exclusionList) ? repo.spec.exclusionList.filter((e): e is string => typeof e === 'string') : DEFAULT_EXCLUSIONS;
  const rule = ruleOf(isObj(spec.policy) ? spec.policy : {});
  refuseSubstitutions([
    [`the ImageRepository's spec.image (${repo.where})`, image],
    [`the ImageRepository's spec.exclusionList (${repo.where})`, ...exclusions],
    ['spec.policy.semver.range', rule.kind === 'semver' ? rule.range : undefined],
    // Not `extract`: `${name}` there is the regexp group it expands, as in Go.
    ['spec.filterTags.pattern', filter?.pattern],
  ]);
  return {
    namespace,
    name,
    image,
    repository: repositoryOf(image),
    provider: str(repo.spec.provider) ?? 'generic',
    insecure: repo.spec.insecure === true,
    exclusionList: exclusions,
    rule,
    filter,
    reflectDigest: ['Always', 'IfNotPresent'].includes(str(spec.digestReflectionPolicy) ?? 'Never'),
    labels: isObj(meta.labels) ? Object.fromEntries(Object.entries(meta.labels).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
    source: where,
    file,
  };
}

/** `${var}` (or `${var:=default}`, …) as Flux's post-build substitution writes it; `$${var}` is its escape for a literal. */
const SUBSTITUTION = /(?<!\$)\$\{[_A-Za-z][_A-Za-z0-9]*/;

/**
 * A policy whose fields relman reads hold a variable that Flux fills in from a Kustomization's
 * `postBuild` as it applies the file: the value relman would read is not the one the cluster uses, so
 * the policy is skipped (with its markers) rather than read as a pattern or range that matches nothing.
 */
function refuseSubstitutions(fields: [where: string, ...values: unknown[]][]): void {
  for (const [where, ...values] of fields) {
    for (const value of values) {
      const found = typeof value === 'string' ? SUBSTITUTION.exec(value) : null;
      if (found) throw new PolicyObjectError(`${where} holds ${found[0]}}, a variable Flux substitutes after build; relman reads the file as written`);
    }
  }
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
      provider: 'generic',
      insecure: false,
      exclusionList: DEFAULT_EXCLUSIONS,
      rule,
      filter: e.filterPattern !== undefined || e.filterExtract !== undefined ? { pattern: e.filterPattern, extract: e.filterExtract } : undefined,
      reflectDigest: e.digestReflectionPolicy === 'Always' || e.digestReflectionPolicy === 'IfNotPresent',
      labels: {},
      source: where,
      file,
    };
  });
}

/**
 * Finds the policy a marker names (`namespace:name`); a policy without namespace answers any namespace.
 * Fleet repositories declare the same name once per cluster folder: identical declarations are one
 * policy, and of different ones a marker uses the declaration nearest to its file or to the
 * ImageUpdateAutomation whose path holds its file, as each cluster applies its own.
 */
export class PolicyIndex {
  readonly all: ImagePolicy[] = [];
  private readonly exact = new Map<string, ImagePolicy[]>();
  private readonly byName = new Map<string, ImagePolicy[]>();

  constructor(
    policies: readonly ImagePolicy[],
    private readonly automations: readonly Automation[] = [],
  ) {
    for (const p of policies) {
      const map = p.namespace === null ? this.byName : this.exact;
      const key = p.namespace === null ? p.name : `${p.namespace}:${p.name}`;
      const declared = map.get(key) ?? [];
      if (declared.some((q) => sameDeclaration(p, q))) continue;
      map.set(key, [...declared, p]);
      this.all.push(p);
    }
  }

  /** The policy a marker in `file` uses; undefined when there is none, or no single nearest one. */
  find(markerPolicy: string, file: string): ImagePolicy | undefined {
    const found = this.nearestTo(markerPolicy, file);
    return found.length === 1 ? found[0] : undefined;
  }

  /** Why `find` finds nothing when the policy is declared, but differently in places equally near. */
  ambiguity(markerPolicy: string, file: string): string | null {
    const found = this.nearestTo(markerPolicy, file);
    if (found.length < 2) return null;
    return `image policy ${markerPolicy} is declared differently at ${found.map((p) => p.source).join(' and ')}, and none is nearer to ${file}`;
  }

  private declared(markerPolicy: string): ImagePolicy[] {
    return this.exact.get(markerPolicy) ?? this.byName.get(markerPolicy.slice(markerPolicy.indexOf(':') + 1)) ?? [];
  }

  private nearestTo(markerPolicy: string, file: string): ImagePolicy[] {
    const declared = this.declared(markerPolicy);
    if (declared.length < 2) return declared;
    return nearest(declared, [file, ...this.automations.filter((a) => inPaths(file, [a.path])).map((a) => a.file)]);
  }

  /**
   * By `namespace:name` or, when unambiguous, by name alone (for the command line). Of several
   * declarations, the one the markers in `inUse` use, when that is one.
   */
  named(text: string, inUse: ReadonlySet<ImagePolicy> = new Set()): ImagePolicy {
    const declared = text.includes(':') ? this.declared(text) : this.all.filter((p) => p.name === text);
    const used = declared.filter((p) => inUse.has(p));
    const hits = declared.length > 1 && used.length ? used : declared;
    if (hits.length === 1 && hits[0]) return hits[0];
    if (hits.length > 1) {
      throw new RelmanError(`several image policies are named ${text}: ${hits.map((p) => `${policyId(p)} (${p.source})`).join(', ')}`, 'name one as NAMESPACE:NAME, or limit the markers to one cluster with --path DIR');
    }
    throw new RelmanError(`no image policy ${text}`, this.all.length ? `known policies: ${this.all.map(policyId).join(', ')}` : 'declare ImagePolicy objects in the config repository or [[gitops.policies]] in relman.toml');
  }
}

/** Two declarations of one policy that choose the same image the same way. */
function sameDeclaration(a: ImagePolicy, b: ImagePolicy): boolean {
  const meaning = (p: ImagePolicy) => JSON.stringify([p.namespace, p.name, p.image, p.insecure, p.exclusionList, p.rule, p.filter, p.reflectDigest, Object.entries(p.labels).sort()]);
  return meaning(a) === meaning(b);
}

/** The items declared nearest to one of the anchor files: in the same file, else the deepest shared folder. */
function nearest<T extends { file: string }>(items: readonly T[], anchors: readonly string[]): T[] {
  const depth = (file: string) => Math.max(...anchors.map((anchor) => sharedDepth(file, anchor)));
  const depths = items.map((i) => depth(i.file));
  const best = Math.max(...depths);
  return items.filter((_, i) => depths[i] === best);
}

/** Leading path components two files share (a file shares all of its own). */
function sharedDepth(a: string, b: string): number {
  const [pa, pb] = [a.split('/'), b.split('/')];
  let n = 0;
  while (n < pa.length && pa[n] === pb[n]) n++;
  return n;
}
