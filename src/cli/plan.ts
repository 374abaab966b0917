import { readRepository } from '../repository/readRepository.js';
import { firstCommits } from '../plan/commitList.js';
import type { ReleasePlan } from '../plan/types.js';
import { parseFlags } from './args.js';
import { printJson, renderTable, type Output } from './output.js';
import { PLAN_FLAGS, planFromFlags, planJson } from './planOptions.js';

const HELP = `Usage: relman plan [--json] [--package NAME]... [--prerelease ID] [--cwd DIR]

Shows, per package, its current version, the next version its commits ask for, the bump, the tag and
the commits behind it. Reads the repository; changes nothing.

  --package NAME    only this package (repeatable)
  --prerelease ID   plan release candidates X.Y.Z-ID.N (e.g. rc)
  --json            the plan as JSON on stdout`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('plan', argv, PLAN_FLAGS);
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const state = await readRepository(cwd);
  const plan = planFromFlags(state, values, output);
  if (values.json) await printJson(output, planJson(plan));
  else output.out(renderPlan(plan));
  return 0;
}

export function renderPlan(plan: ReleasePlan): string {
  const releasing = plan.packages.filter((p) => p.nextVersion);
  const rows = plan.packages.map((p) => [
    p.name,
    p.currentVersion,
    p.nextVersion ?? '-',
    p.bump ?? '-',
    String(p.commits.length),
    p.tag ?? '',
  ]);
  const lines = [renderTable(['package', 'current', 'next', 'bump', 'commits', 'tag'], rows)];
  for (const p of releasing) {
    lines.push('', `${p.name} ${p.currentVersion} → ${p.nextVersion} (${p.bump})`);
    for (const c of firstCommits(p.commits, 20)) {
      lines.push(`  ${c.sha.slice(0, 7)} ${c.type ? `${c.type}${c.scope ? `(${c.scope})` : ''}${c.breaking ? '!' : ''}: ` : ''}${c.subject}`);
    }
    if (p.commits.length > 20) lines.push(`  … and ${p.commits.length - 20} more`);
    for (const problem of p.detail.problems) lines.push(`  ! ${problem}`);
  }
  lines.push('', releasing.length ? `${releasing.length} of ${plan.packages.length} packages to release` : 'nothing to release');
  return lines.join('\n');
}
