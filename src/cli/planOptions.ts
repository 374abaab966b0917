import { RelmanError, UsageError } from '../errors.js';
import { commitSummary, planRelease, type PlanOptions } from '../plan/plan.js';
import type { CommitList } from '../plan/commitList.js';
import type { CommitSummary, ReleasePlan } from '../plan/types.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { isHotfixBranch } from '../versioning/hotfixLine.js';
import { refNameProblem } from '../versioning/refName.js';
import type { Output } from './output.js';
import { warn } from './output.js';

/** Flags shared by `plan` and `release`. */
export const PLAN_FLAGS = {
  package: { type: 'string', multiple: true },
  prerelease: { type: 'string' },
} as const;

/** Plans from the repository's state and the flags; `--package` keeps only the named packages. */
export function planFromFlags(state: RepositoryState, flags: { package?: string[]; prerelease?: string }, output: Output): ReleasePlan {
  for (const w of state.warnings) warn(output, w);
  const only = flags.package ?? [];
  const names = new Set(state.packages.map((p) => p.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length) {
    throw new RelmanError(`no package named ${unknown.map((n) => `"${n}"`).join(', ')}`, `packages here: ${[...names].sort().join(', ')}`);
  }
  const prerelease = flags.prerelease;
  if (prerelease !== undefined && !/^[0-9A-Za-z-]+$/.test(prerelease)) {
    throw new UsageError(`--prerelease takes an identifier such as rc, beta or alpha, not "${prerelease}"`);
  }
  const options: PlanOptions = { prerelease, hotfix: isHotfixBranch(state.head.branch) };
  const packages = only.length ? state.packages.filter((p) => only.includes(p.name)) : state.packages;
  const plan = planRelease({ packages, tags: state.tags, histories: state.histories, options, workspace: state.packages });
  for (const w of plan.warnings) warn(output, w);
  for (const p of plan.packages) {
    const problem = p.tag ? refNameProblem(p.tag) : null;
    if (problem) p.detail.problems.push(`tag "${p.tag}" is not a valid git tag name: it ${problem}`);
  }
  return plan;
}

function* summaries(commits: CommitList): Generator<CommitSummary> {
  for (const c of commits) yield commitSummary(c);
}

/** The JSON contract of `plan --json` and `release --json`. */
export function planJson(plan: ReleasePlan): unknown {
  return {
    packages: plan.packages.map((p) => ({
      name: p.name,
      path: p.path,
      currentVersion: p.currentVersion,
      nextVersion: p.nextVersion,
      bump: p.bump,
      tag: p.tag,
      // Read as the output is written, so that a long plan is never held whole.
      commits: { toJSON: () => summaries(p.commits) },
    })),
    warnings: plan.warnings,
  };
}
