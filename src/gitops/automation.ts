import path from 'node:path';

/** Flux's ImageUpdateAutomation `spec.update`: which strategy, and the folder it may change. */
export interface UpdateStrategy {
  strategy?: string;
  path?: string;
}

export class UpdateStrategyError extends Error {}

/**
 * The repository-relative folder an update strategy may change ('' for the whole repository). Only
 * Flux's `Setters` strategy exists; a missing strategy is an error here, because the API server
 * defaults it before Flux reads the object (the YAML reader applies that default itself).
 */
export function updatePath(update: UpdateStrategy | null | undefined): string {
  if (!update?.strategy) throw new UpdateStrategyError('no update strategy');
  if (update.strategy !== 'Setters') throw new UpdateStrategyError(`unsupported update strategy: ${update.strategy}`);
  const normal = path.posix.normalize(update.path ?? '.').replace(/^\.\/?|\/$/g, '');
  if (normal === '..' || normal.startsWith('../') || path.posix.isAbsolute(normal)) {
    throw new UpdateStrategyError(`update path ${JSON.stringify(update.path)} is outside the repository`);
  }
  return normal;
}

/** Whether a repository-relative file lies under one of the folders (all files when there are none). */
export function inPaths(file: string, folders: readonly string[]): boolean {
  return folders.length === 0 || folders.some((f) => f === '' || file === f || file.startsWith(`${f}/`));
}

/** An ImageUpdateAutomation as relman reads it. */
export interface Automation {
  /** The repository-relative file that declares it. */
  file: string;
  /** The folder it may change ('' for the whole repository). */
  path: string;
  /** `spec.suspend: true`: Flux runs it no more. */
  suspended: boolean;
  /** `metadata.namespace`: Flux applies the policies of this namespace only; null (set by a kustomization) matches any. */
  namespace: string | null;
  /** `spec.policySelector`: the policies it applies, by their labels; null applies all. */
  selector: LabelSelector | null;
}

/** What an automation asks of a policy it applies. */
export interface SelectablePolicy {
  namespace: string | null;
  labels: Readonly<Record<string, string>>;
}

/** A Kubernetes label selector: every label of `matchLabels` and every expression must hold. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] }[];
}

export class LabelSelectorError extends Error {}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Reads a label selector as the Kubernetes API validates one: `In` and `NotIn` need values, `Exists`
 * and `DoesNotExist` take none. Null or absent selects everything.
 */
export function labelSelector(value: unknown): LabelSelector | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new LabelSelectorError('policySelector must be a label selector (matchLabels, matchExpressions)');
  const { matchLabels = {}, matchExpressions = [] } = value as Record<string, unknown>;
  if (typeof matchLabels !== 'object' || matchLabels === null || Array.isArray(matchLabels) || !Object.values(matchLabels).every((v) => typeof v === 'string')) {
    throw new LabelSelectorError('policySelector.matchLabels must map label names to strings');
  }
  if (!Array.isArray(matchExpressions)) throw new LabelSelectorError('policySelector.matchExpressions must be a list');
  const expressions = matchExpressions.map((e: unknown, i) => {
    const { key, operator, values = [] } = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const at = `policySelector.matchExpressions[${i}]`;
    if (typeof key !== 'string' || !key) throw new LabelSelectorError(`${at} has no key`);
    if (typeof operator !== 'string' || !OPERATORS.has(operator)) throw new LabelSelectorError(`${at}: operator must be In, NotIn, Exists or DoesNotExist`);
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) throw new LabelSelectorError(`${at}: values must be a list of strings`);
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues !== values.length > 0) throw new LabelSelectorError(`${at}: ${operator} ${needsValues ? 'needs values' : 'takes no values'}`);
    return { key, operator: operator as LabelSelector['matchExpressions'][number]['operator'], values: values as string[] };
  });
  return { matchLabels: matchLabels as Record<string, string>, matchExpressions: expressions };
}

/** Whether a selector selects these labels (null selects all). */
export function selects(selector: LabelSelector | null, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  return (
    Object.entries(selector.matchLabels).every(([key, value]) => has(key) && labels[key] === value) &&
    selector.matchExpressions.every(({ key, operator, values }) => {
      if (operator === 'Exists') return has(key);
      if (operator === 'DoesNotExist') return !has(key);
      const inValues = has(key) && values.includes(labels[key] as string);
      return operator === 'In' ? inValues : !inValues;
    })
  );
}

/**
 * Whether the automations let a file change: any file when there are none, else one under the path of
 * an automation that is not suspended, since a suspended one changes nothing.
 */
export function automated(file: string, automations: readonly Automation[]): boolean {
  if (!automations.length) return true;
  const active = automations.filter((a) => !a.suspended).map((a) => a.path);
  return active.length > 0 && inPaths(file, active);
}

/**
 * Whether the automations set a marker of this policy in this file: always when there are none, else
 * when an automation that is not suspended holds the file in its path and applies the policy (its
 * namespace's, chosen by its policySelector), as Flux does.
 */
export function applies(file: string, policy: SelectablePolicy, automations: readonly Automation[]): boolean {
  if (!automations.length) return true;
  return automations.some(
    (a) => !a.suspended && inPaths(file, [a.path]) && (a.namespace === null || policy.namespace === null || a.namespace === policy.namespace) && selects(a.selector, policy.labels),
  );
}
