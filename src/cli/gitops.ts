import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { repoRoot } from '../git/repo.js';
import { commitConfigChange } from '../gitops/configRepo.js';
import { policyId } from '../gitops/policies.js';
import { Registries } from '../gitops/registry.js';
import { PolicyResolver, type Resolution } from '../gitops/resolve.js';
import { planRestore, planRollback } from '../gitops/rollback.js';
import { markerValue } from '../gitops/setters.js';
import { loadConfigRepo, planUpdate, updateMessage, updateSubject, usedPolicies, type ConfigRepo, type FileChange, type UpdatePlan } from '../gitops/update.js';
import { withdrawnTags } from '../gitops/withdrawals.js';
import { parseFlags } from './args.js';
import { printJson, renderTable, warn, type Output } from './output.js';

const HELP = `Usage: relman gitops <update|status|rollback|restore> [flags]

Moves image tags in a GitOps config repository (the one --cwd is in) the way Flux's image automation
does: Flux ImageRepository + ImagePolicy objects in the repository (v1beta1, v1beta2, v1) or
[[gitops.policies]] in its relman.toml choose the latest tag of each image from the registry, and every
# {"$imagepolicy": "NAMESPACE:NAME[:tag|:name|:digest]"} marker in *.yaml, *.yml and Kustomization
files takes it. Only the marked values change; the rest of each file stays byte for byte.

  relman gitops update [--dry-run] [--push] [--path DIR]
      set every marker to its policy's latest tag; one commit listing old → new per file.
      --push pushes it; if the remote moved, relman re-applies on top and pushes again (never forced)
  relman gitops status [--path DIR]
      every marker: file, line, policy, the value it holds and the value its policy would choose
  relman gitops rollback POLICY [--to TAG] [--reason TEXT] [--push] [--dry-run]
      withdraw the tag POLICY runs now (recorded in .relman/withdrawn.yaml, so updates skip it) and
      put the previous one back (or TAG); one commit
  relman gitops restore POLICY TAG [--push] [--dry-run]
      take a withdrawal back; the next update may deploy TAG again

  --path DIR   only markers under DIR (default: the ImageUpdateAutomation update paths, else all)
  --json       the result as JSON on stdout
Credentials come from the Docker config ($DOCKER_CONFIG/config.json or ~/.docker/config.json).`;

const FLAGS = {
  'dry-run': { type: 'boolean', default: false },
  push: { type: 'boolean', default: false },
  path: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
} as const;

const SUBCOMMANDS = ['update', 'status', 'rollback', 'restore'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
// Which flags and how many arguments each subcommand takes.
const ALLOWED: Record<Subcommand, { flags: string[]; args: string[] }> = {
  update: { flags: ['dry-run', 'push', 'path'], args: [] },
  status: { flags: ['path'], args: [] },
  rollback: { flags: ['to', 'reason', 'push', 'dry-run', 'path'], args: ['POLICY'] },
  restore: { flags: ['push', 'dry-run', 'path'], args: ['POLICY', 'TAG'] },
};

export async function run(argv: string[], output: Output): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    output.out(HELP);
    return sub ? 0 : 2;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`gitops: unknown subcommand "${sub}"`, 'run: relman gitops --help');
  const command = sub as Subcommand;
  const allowed = ALLOWED[command];
  const { values, positionals, cwd } = parseFlags(`gitops ${command}`, rest, FLAGS, allowed.args.length);
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  for (const flag of Object.keys(FLAGS) as (keyof typeof FLAGS)[]) {
    if (!allowed.flags.includes(flag) && values[flag] !== undefined && values[flag] !== false) throw new UsageError(`gitops ${command}: --${flag} does not apply here`, 'run: relman gitops --help');
  }
  if (positionals.length < allowed.args.length) throw new UsageError(`gitops ${command}: missing ${allowed.args.slice(positionals.length).join(' ')}`, 'run: relman gitops --help');
  const root = await repoRoot(cwd);
  const ctx: Context = {
    root,
    output,
    json: values.json,
    scope: values.path === undefined ? undefined : scopeOf(root, cwd, values.path),
    resolver: new PolicyResolver(new Registries({ log: (m) => warn(output, m) })),
    commit: { push: values.push, dryRun: values['dry-run'], log: (m: string) => warn(output, m) },
  };
  switch (command) {
    case 'update':
      return update(ctx);
    case 'status':
      return status(ctx);
    case 'rollback':
      return rollback(ctx, positionals[0] ?? '', values.to, values.reason ?? 'rolled back with relman gitops rollback');
    case 'restore':
      return restore(ctx, positionals[0] ?? '', positionals[1] ?? '');
  }
}

interface Context {
  root: string;
  output: Output;
  json: boolean;
  scope: string | undefined;
  resolver: PolicyResolver;
  commit: { push: boolean; dryRun: boolean; log: (m: string) => void };
}

/** --path DIR, given from the current folder, as a repository-relative folder. */
function scopeOf(root: string, cwd: string, dir: string): string {
  const rel = path.relative(root, path.resolve(cwd, dir)).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`--path ${dir} is outside the config repository ${root}`);
  return rel;
}

async function load(ctx: Context): Promise<ConfigRepo> {
  return loadConfigRepo(ctx.root, await loadConfig(ctx.root), { path: ctx.scope });
}

function reportWarnings(ctx: Context, warnings: readonly string[]): void {
  for (const w of new Set(warnings)) warn(ctx.output, w);
}

async function update(ctx: Context): Promise<number> {
  let last: UpdatePlan | null = null;
  const result = await commitConfigChange(
    ctx.root,
    async () => {
      const repo = await load(ctx);
      const plan = await planUpdate(repo, ctx.resolver);
      last = plan;
      return plan.files.length ? { files: plan.files, message: updateMessage(updateSubject(repo, plan), plan.files) } : null;
    },
    ctx.commit,
  );
  const plan = last as UpdatePlan | null;
  if (!plan) return 0;
  reportWarnings(ctx, plan.warnings);
  if (ctx.json) {
    await printJson(ctx.output, {
      changed: plan.files.length > 0,
      dryRun: ctx.commit.dryRun,
      commit: result.commit,
      pushed: result.pushed,
      files: filesJson(plan.files),
      policies: plan.resolutions.map(resolutionJson),
      warnings: plan.warnings,
    });
    return 0;
  }
  ctx.output.out(renderChanges(plan.files));
  ctx.output.out(outcome(ctx, plan.files, result));
  return 0;
}

function outcome(ctx: Context, files: readonly FileChange[], result: { commit: string | null; pushed: boolean }): string {
  if (!files.length) return 'nothing to change: every marker holds what its policy chooses';
  const count = `${files.length} file${files.length === 1 ? '' : 's'}`;
  if (ctx.commit.dryRun) return `would change ${count} (dry run: nothing written)`;
  return `committed ${result.commit?.slice(0, 7)} (${count})${result.pushed ? ', pushed' : ctx.commit.push ? '' : '; not pushed (use --push)'}`;
}

function renderChanges(files: readonly FileChange[]): string {
  return files.map((f) => [f.path, ...f.changes.map((c) => `  ${c.line}: ${c.setter}  ${c.old} → ${c.new}`)].join('\n')).join('\n');
}

function filesJson(files: readonly FileChange[]) {
  return files.map((f) => ({
    path: f.path,
    changes: f.changes.map((c) => ({ line: c.line, setter: c.setter, policy: c.policy, object: c.object, old: c.old, new: c.new })),
  }));
}

function resolutionJson(r: Resolution) {
  return { policy: policyId(r.policy), image: r.policy.image, tag: r.ref?.tag ?? null, digest: r.ref?.digest ?? null, source: r.policy.source };
}

async function status(ctx: Context): Promise<number> {
  const repo = await load(ctx);
  reportWarnings(ctx, repo.warnings);
  const used = new Set(usedPolicies(repo));
  const resolutions = new Map(await Promise.all([...used].map(async (p) => [p, await ctx.resolver.resolve(p, withdrawnTags(repo.withdrawals, p.repository))] as const)));
  const rows = repo.markerFiles.flatMap(({ file, markers }) =>
    markers.map((m) => {
      const policy = repo.policies.find(m.policy, file.path);
      const r = policy ? resolutions.get(policy) : undefined;
      const latest = r?.ref ? markerValue(m.field, r.ref) : null;
      const error = !policy ? (repo.policies.ambiguity(m.policy, file.path) ?? `no image policy ${m.policy}`) : (r?.error ?? (latest === null ? `policy ${m.policy} reflects no digest` : null));
      return { path: file.path, line: m.line, setter: m.setter, policy: policy ? policyId(policy) : null, field: m.field, current: m.value, latest, upToDate: latest === m.value, error };
    }),
  );
  if (ctx.json) {
    await printJson(ctx.output, { markers: rows, warnings: repo.warnings });
    return 0;
  }
  if (!rows.length) {
    ctx.output.out('no $imagepolicy markers in scope');
    return 0;
  }
  const state = (r: (typeof rows)[number]) => (r.error ? 'error' : r.upToDate ? 'current' : 'outdated');
  ctx.output.out(renderTable(['file', 'policy', 'current', 'latest', 'state'], rows.map((r) => [`${r.path}:${r.line}`, r.setter, r.current, r.latest ?? '-', state(r)])));
  for (const r of rows.filter((x) => x.error)) ctx.output.err(`${r.path}:${r.line}: ${r.error}`);
  return 0;
}

async function rollback(ctx: Context, policy: string, to: string | undefined, reason: string): Promise<number> {
  let last: Awaited<ReturnType<typeof planRollback>> | null = null;
  let warnings: string[] = [];
  const result = await commitConfigChange(
    ctx.root,
    async () => {
      const repo = await load(ctx);
      warnings = repo.warnings;
      last = await planRollback(repo, ctx.resolver, { policy, to, reason, now: new Date() });
      return last;
    },
    ctx.commit,
  );
  const change = last as Awaited<ReturnType<typeof planRollback>> | null;
  if (!change) return 0;
  reportWarnings(ctx, warnings);
  for (const tag of change.newer) warn(ctx.output, `relman gitops update would deploy ${tag} over ${change.tag}; withdraw it too (rollback again) to stay on ${change.tag}`);
  if (ctx.json) {
    await printJson(ctx.output, { policy: policyId(change.policy), withdrawn: change.withdrawn, tag: change.tag, dryRun: ctx.commit.dryRun, commit: result.commit, pushed: result.pushed, files: filesJson(change.markerChanges), newer: change.newer });
    return 0;
  }
  ctx.output.out(`withdrew ${change.withdrawn.image}:${change.withdrawn.tag} (${change.withdrawn.reason}); ${policyId(change.policy)} goes back to ${change.tag}`);
  if (change.markerChanges.length) ctx.output.out(renderChanges(change.markerChanges));
  ctx.output.out(outcome(ctx, change.files.map((f) => ({ ...f, changes: [] })), result));
  return 0;
}

async function restore(ctx: Context, policy: string, tag: string): Promise<number> {
  let last: ReturnType<typeof planRestore> | null = null;
  const result = await commitConfigChange(
    ctx.root,
    async () => {
      last = planRestore(await load(ctx), policy, tag);
      return last;
    },
    ctx.commit,
  );
  const change = last as ReturnType<typeof planRestore> | null;
  if (!change) return 0;
  if (ctx.json) {
    await printJson(ctx.output, { policy: policyId(change.policy), image: change.policy.image, tag: change.tag, dryRun: ctx.commit.dryRun, commit: result.commit, pushed: result.pushed });
    return 0;
  }
  ctx.output.out(`restored ${change.policy.image}:${change.tag}; the next relman gitops update may deploy it`);
  ctx.output.out(outcome(ctx, change.files.map((f) => ({ ...f, changes: [] })), result));
  return 0;
}
