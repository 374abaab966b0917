import { loadConfig } from '../config/load.js';
import { RelmanError, UsageError } from '../errors.js';
import { defaultBranch } from '../git/branches.js';
import { resolveCommit } from '../git/refs.js';
import { changedTrackedFiles, defaultRemote, headState, locateRepo } from '../git/repo.js';
import { syncBranches, type BranchSync } from '../sync/syncBranches.js';
import { parseFlags } from './args.js';
import { printJson, renderTable, type Output } from './output.js';

const HELP = `Usage: relman sync [--push] [--dry-run] [--from BRANCH] [--remote NAME] [--json] [BRANCH...] [--cwd DIR]

Brings main into each branch (default: [sync] branches in relman.toml): a fast-forward when the branch
has nothing of its own, else a merge commit "Merge branch 'main' into BRANCH". A branch that conflicts
is left exactly as it was and named with its conflicting files; the others still go through. A branch
that exists only on the remote gets a local branch tracking it. The merges are made without checking
anything out: the working tree stays on the branch it is on. Exit 1 when any branch conflicted,
is missing or failed to push.

  --push          push each synced branch to the remote (never forced)
  --dry-run       show what would happen (conflicts included); change nothing
  --from BRANCH   the branch to bring in (default: main, else master)
  --remote NAME   remote for --push and remote-only branches (default: main's upstream, else origin)
  --json          {"from","branches":[{"branch","result","before","after","conflicts","pushed","problem"}]}
                  result: up-to-date | fast-forward | merge | conflict | missing`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, positionals, cwd } = parseFlags(
    'sync',
    argv,
    {
      push: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      from: { type: 'string' },
      remote: { type: 'string' },
    },
    Number.POSITIVE_INFINITY,
  );
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const location = await locateRepo(cwd);
  const { root } = location;
  const [config, head, dirty] = await Promise.all([loadConfig(root), headState(root, location), changedTrackedFiles(root)]);
  if (dirty.length) {
    throw new RelmanError(`the working tree has uncommitted changes: ${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}`, 'commit or stash them first');
  }
  const branches = positionals.length ? positionals : config.sync.branches;
  if (branches.length === 0) throw new UsageError('sync: no branch to sync', 'name them (relman sync development) or list them under [sync] branches in relman.toml');
  const sourceName = values.from ?? (await defaultBranch(root));
  if (!sourceName) throw new UsageError('sync: this repository has no main or master branch', 'name the branch to bring in with --from BRANCH');
  if (branches.includes(sourceName)) throw new UsageError(`sync: ${sourceName} is the branch brought in; it cannot be synced with itself`);
  const source = { name: sourceName, commit: await resolveCommit(root, sourceName, '--from') };
  const remote = values.remote ?? (await defaultRemote(root, sourceName));
  if (values.push && !remote) throw new RelmanError('--push: this repository has no remote to push to', 'add one with git remote add origin URL, or pass --remote NAME');

  const results = await syncBranches({ root, source, branches, checkedOut: head.branch, remote, push: values.push, dryRun: values['dry-run'] });
  if (values.json) await printJson(output, { from: sourceName, branches: results });
  else output.out(renderSync(results, values['dry-run']));
  const failed = results.filter((r) => r.problem !== null);
  if (failed.length) {
    const conflicted = failed.some((r) => r.result === 'conflict');
    throw new RelmanError(
      `${failed.length} of ${results.length} branches not synced: ${failed.map((r) => r.problem).join('; ')}`,
      conflicted ? `merge by hand: git checkout BRANCH && git merge ${sourceName}, then resolve, commit and push` : undefined,
    );
  }
  return 0;
}

function renderSync(results: BranchSync[], dryRun: boolean): string {
  const short = (sha: string | null) => sha?.slice(0, 7) ?? '';
  const rows = results.map((r) => [
    r.branch,
    r.result,
    r.result === 'conflict' ? `in ${r.conflicts.join(', ')} (left as it was)` : r.after ? `${short(r.before)} → ${short(r.after)}` : short(r.before),
    r.pushed ? 'pushed' : r.problem && r.result !== 'conflict' && r.result !== 'missing' ? r.problem : '',
  ]);
  return `${renderTable(['branch', 'result', 'commits', 'push'], rows)}${dryRun ? '\n(dry run: nothing was changed)' : ''}`;
}
