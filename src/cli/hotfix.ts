import { UsageError } from '../errors.js';
import { repoRoot } from '../git/repo.js';
import { finishHotfix, startHotfix, type HotfixFinish } from '../release/hotfix.js';
import { readRepository } from '../repository/readRepository.js';
import { parseFlags } from './args.js';
import { printJson, type Output } from './output.js';

const HELP = `Usage: relman hotfix start [--package NAME] [--from TAG] [--dry-run] [--json] [--cwd DIR]
       relman hotfix finish [--branch NAME] [--into BRANCH] [--dry-run] [--json] [--cwd DIR]

start   creates and checks out a hotfix line at the production tag: release-vX.Y.(Z+1), or in a
        monorepo release-NAME-vX.Y.(Z+1). On it relman releases patches only.
  --package NAME   the package to hotfix (needed in a monorepo unless --from names its tag)
  --from TAG       the tag to start from (default: the package's highest final release tag)

finish  merges the release branch back into main. Conflicts in version manifests keep main's version,
        conflicts in CHANGELOG.md keep both sides' sections; any other conflict aborts the merge, names
        the files and exits 1 with nothing changed.
  --branch NAME    the release branch (default: the checked-out branch)
  --into BRANCH    where to merge it (default: main, else master)

  --dry-run        say what would happen; change nothing
  --json           the outcome as JSON on stdout`;

const SUBCOMMANDS = {
  start: { package: { type: 'string' }, from: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  finish: { branch: { type: 'string' }, into: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
} as const;

export async function run(argv: string[], output: Output): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    output.out(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'start') return start(rest, output);
  if (sub === 'finish') return finish(rest, output);
  throw new UsageError(`hotfix: unknown subcommand "${sub}"`, 'run: relman hotfix start, or relman hotfix finish');
}

async function start(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('hotfix start', argv, SUBCOMMANDS.start);
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const state = await readRepository(cwd);
  const started = await startHotfix(state, { package: values.package, from: values.from, dryRun: values['dry-run'] });
  if (values.json) await printJson(output, started);
  else if (!started.created) output.out(`would create ${started.branch} at ${started.fromTag} for ${started.package} ${started.version} (dry run: nothing was changed)`);
  else {
    output.out(`created ${started.branch} at ${started.fromTag} and checked it out`);
    output.err(`next: commit the fix, run relman release --push (releases ${started.package} ${started.version}), then relman hotfix finish`);
  }
  return 0;
}

async function finish(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('hotfix finish', argv, SUBCOMMANDS.finish);
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const finished = await finishHotfix(await repoRoot(cwd), { branch: values.branch, into: values.into, dryRun: values['dry-run'] });
  if (values.json) await printJson(output, finished);
  else output.out(describeFinish(finished, values['dry-run']));
  return 0;
}

function describeFinish(f: HotfixFinish, dryRun: boolean): string {
  if (f.commits === 0) return `${f.branch} has no commit ${f.into} lacks: nothing to merge`;
  const settled = f.resolved.map((r) => `${r.path} (${r.kind === 'manifest' ? `${f.into}'s version kept` : 'both sections kept'})`);
  const conflicts = settled.length ? `; ${dryRun ? 'would settle' : 'settled'} conflicts in ${settled.join(', ')}` : '';
  if (dryRun) return `would merge ${f.commits} commit(s) of ${f.branch} into ${f.into}${conflicts} (dry run: nothing was changed)`;
  return `merged ${f.branch} into ${f.into} (${f.commit?.slice(0, 7)})${conflicts}; ${f.into} is checked out: push it when ready`;
}
