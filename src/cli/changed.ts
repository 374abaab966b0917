import { filesChangedSince } from '../git/diff.js';
import { resolveCommit } from '../git/refs.js';
import { CommitAttributor } from '../plan/attribute.js';
import { readRepository, type RepositoryState } from '../repository/readRepository.js';
import type { Package } from '../workspace/types.js';
import { parseFlags } from './args.js';
import { writeGithubOutputs } from './githubOutput.js';
import { printJson, renderTable, warn, type Output } from './output.js';

const HELP = `Usage: relman changed [--since REF] [--json] [--cwd DIR]

Lists the packages whose files changed: by default each package since its own latest tag (a package
with no tag yet counts as changed); with --since, the files a branch changed since it left REF
(git diff REF...HEAD), attributed to packages by the same rule as relman plan.

When GITHUB_OUTPUT is set (in GitHub Actions), also writes the step outputs
  packages=["name",...]                         the changed packages' names
  matrix={"include":[{"name","path","version"}]} a job matrix with one entry per changed package

  --since REF   compare with REF (a branch, tag or sha) instead of each package's latest tag
  --json        {"packages":[{"name","path","version"}]} on stdout`;

export interface ChangedPackage {
  name: string;
  path: string;
  /** The version the package's manifest states. */
  version: string;
}

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('changed', argv, { since: { type: 'string' } });
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const state = await readRepository(cwd);
  for (const w of state.warnings) warn(output, w);
  const changed = values.since === undefined ? changedSinceTags(state) : await changedSinceRef(state, values.since);
  const packages = changed.map((p): ChangedPackage => ({ name: p.name, path: p.path, version: p.manifest.version }));
  await writeGithubOutputs({ packages: JSON.stringify(packages.map((p) => p.name)), matrix: JSON.stringify({ include: packages }) });
  if (values.json) await printJson(output, { packages });
  else if (packages.length) output.out(renderTable(['package', 'path', 'version'], packages.map((p) => [p.name, p.path, p.version])));
  else output.out('no package changed');
  return 0;
}

/** Packages with commits since their latest tag, and packages never tagged. */
function changedSinceTags(state: RepositoryState): Package[] {
  return state.packages.filter((pkg) => {
    const latest = state.tags.packageTags(pkg.tagFormat, pkg.name).latest;
    return !latest || (state.histories.get(pkg.name)?.sinceLatestTag ?? 0) > 0;
  });
}

async function changedSinceRef(state: RepositoryState, since: string): Promise<Package[]> {
  const base = await resolveCommit(state.root, since, '--since');
  const files = await filesChangedSince(state.root, base);
  // The planner's own file rule (deepest package folder, `paths` globs, excludes); nothing else of it is used.
  const owners = new CommitAttributor(state.packages, {
    boundaries: new Map(),
    exclude: state.config.exclude,
    nonConventional: state.config.nonConventional,
    isReleaseCommit: () => false,
  });
  const touched = new Set(files.flatMap((file) => owners.packagesOf(file)));
  return state.packages.filter((pkg) => touched.has(pkg));
}
