import type { Config } from '../config/schema.js';
import { RelmanError } from '../errors.js';
import { trackedFiles } from '../git/repo.js';
import { applies, automated, inPaths } from './automation.js';
import { configPolicies, PolicyIndex, policyId, readFluxObjects, type ImagePolicy } from './policies.js';
import type { PolicyResolver, Resolution } from './resolve.js';
import { scanFiles, type ScannedFile } from './scan.js';
import { findMarkers, setMarkers, type LatestRef, type Marker, type SetterChange } from './setters.js';
import { readWithdrawals, withdrawnTags, type Withdrawals } from './withdrawals.js';

/** The config repository as relman reads it: policies, withdrawn tags and the marked files in scope. */
export interface ConfigRepo {
  root: string;
  policies: PolicyIndex;
  withdrawals: Withdrawals;
  markerFiles: { file: ScannedFile; markers: Marker[] }[];
  warnings: string[];
}

export interface LoadOptions {
  /** Repository-relative folder to limit markers to; default: the ImageUpdateAutomation paths, else all. */
  path?: string;
}

/** Reads the tracked files once: Flux objects and markers from the same parse of each file. */
export async function loadConfigRepo(root: string, config: Config, o: LoadOptions = {}): Promise<ConfigRepo> {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const [scanned, withdrawals] = await Promise.all([trackedFiles(root).then((files) => scanFiles(root, files, warn)), readWithdrawals(root)]);
  const flux = readFluxObjects(scanned, warn);
  const policies = new PolicyIndex([...flux.policies, ...configPolicies(config.gitops.policies, config.file ?? 'relman.toml')], flux.automations);
  const inScope = (file: string) => (o.path !== undefined ? inPaths(file, [o.path]) : automated(file, flux.automations));
  const markerFiles = scanned
    .filter((f) => f.hasMarkers && inScope(f.path))
    .map((file) => {
      const found = findMarkers(file.yaml);
      for (const p of found.problems) warn(`${file.path}:${p.line}: ${p.message} (skipped)`);
      const markers = found.markers.filter((m) => {
        const policy = policies.find(m.policy, file.path);
        if (policy) return o.path !== undefined || applies(file.path, policy, flux.automations);
        const ambiguity = policies.ambiguity(m.policy, file.path);
        warn(`${file.path}:${m.line}: marker ${m.setter} ${ambiguity ? `is ambiguous: ${ambiguity}` : 'names no known image policy'} (skipped)`);
        return true;
      });
      return { file, markers };
    });
  return { root, policies, withdrawals, markerFiles, warnings };
}

export interface FileChange {
  path: string;
  text: string;
  changes: SetterChange[];
}

export interface UpdatePlan {
  files: FileChange[];
  resolutions: Resolution[];
  warnings: string[];
}

export interface PlanOptions {
  /** Only markers of these policies change. */
  only?: ReadonlySet<ImagePolicy>;
  /** Refs to use instead of resolving (a rollback's target). */
  refs?: ReadonlyMap<ImagePolicy, LatestRef>;
}

/**
 * Resolves every policy a marker in scope names and sets the markers. A policy that cannot be
 * resolved fails the whole plan, so nothing is half updated.
 */
export async function planUpdate(repo: ConfigRepo, resolver: PolicyResolver, o: PlanOptions = {}): Promise<UpdatePlan> {
  const wanted = (p: ImagePolicy | undefined): p is ImagePolicy => p !== undefined && (!o.only || o.only.has(p));
  const used = new Set(usedPolicies(repo).filter(wanted));
  const resolutions = await Promise.all(
    [...used].map((p): Promise<Resolution> => {
      const ref = o.refs?.get(p);
      return ref ? Promise.resolve({ policy: p, ref, error: null }) : resolver.resolve(p, withdrawnTags(repo.withdrawals, p.repository));
    }),
  );
  const failed = resolutions.filter((r) => r.error);
  if (failed.length) {
    const list = failed.map((r) => `  ${r.error} (used at ${usesOf(repo, r.policy).join(', ')})`).join('\n');
    const hints = [...new Set(failed.map((r) => r.hint).filter(Boolean))].join('\n');
    throw new RelmanError(`${failed.length === 1 ? 'an image policy' : `${failed.length} image policies`} cannot be resolved; nothing was changed:\n${list}`, hints || undefined);
  }
  const refs = new Map(resolutions.map((r) => [r.policy, r.ref as LatestRef]));
  const warnings = [...repo.warnings];
  const files: FileChange[] = [];
  for (const { file, markers } of repo.markerFiles) {
    const refOf = (id: string) => {
      const p = repo.policies.find(id, file.path);
      return wanted(p) ? refs.get(p) : undefined;
    };
    const u = setMarkers(file.yaml, refOf, { markers, problems: [] });
    for (const p of u.problems) warnings.push(`${file.path}:${p.line}: ${p.message} (skipped)`);
    if (u.changes.length) files.push({ path: file.path, text: u.text, changes: u.changes });
  }
  return { files, resolutions, warnings };
}

/** `file:line` of every marker naming the policy. */
export function usesOf(repo: ConfigRepo, policy: ImagePolicy): string[] {
  return repo.markerFiles.flatMap(({ file, markers }) => markers.filter((m) => repo.policies.find(m.policy, file.path) === policy).map((m) => `${file.path}:${m.line}`));
}

/** The policy of every marker in scope that names one. */
export function usedPolicies(repo: ConfigRepo): ImagePolicy[] {
  return repo.markerFiles.flatMap(({ file, markers }) => markers.map((m) => repo.policies.find(m.policy, file.path)).filter((p) => p !== undefined));
}

/** The commit message: a subject naming what is deployed, then every value that changed, per file. */
export function updateMessage(subject: string, files: readonly FileChange[], preamble = ''): string {
  const lines = files.flatMap((f) => f.changes.map((c) => `- ${f.path}:${c.line} ${c.setter}: ${c.old} → ${c.new}`));
  return `${subject}\n\n${preamble ? `${preamble}\n\n` : ''}${lines.join('\n')}\n`;
}

export function updateSubject(repo: ConfigRepo, plan: UpdatePlan): string {
  const changed = new Set(plan.files.flatMap((f) => f.changes.map((c) => repo.policies.find(c.policy, f.path))));
  const deployed = plan.resolutions.filter((r) => changed.has(r.policy));
  const images = new Set(deployed.map((r) => (r.ref ? `${r.ref.name}:${r.ref.tag}` : '')));
  // One image for every policy that changed (as when a final reaches UAT and production at once).
  if (images.size === 1) return `chore(gitops): deploy ${[...images][0]} (${[...new Set(deployed.map((r) => policyId(r.policy)))].join(', ')})`;
  return `chore(gitops): update images of ${deployed.length} image policies`;
}
