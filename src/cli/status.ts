import { defaultBranch, unmergedBranches } from '../git/branches.js';
import { readRepository } from '../repository/readRepository.js';
import { HOTFIX_BRANCH_PATTERN } from '../versioning/hotfixLine.js';
import { parseFlags } from './args.js';
import { printJson, renderTable, warn, type Output } from './output.js';

const HELP = `Usage: relman status [--json] [--cwd DIR]

Per package: its latest tag, the version in its manifest, and how many commits are unreleased.
Warns about release-* branches (hotfix lines) with commits main does not have yet.`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('status', argv, {});
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const state = await readRepository(cwd);
  for (const w of state.warnings) warn(output, w);
  const main = await defaultBranch(state.root);
  const unmergedReleaseBranches = main ? await unmergedBranches(state.root, HOTFIX_BRANCH_PATTERN, main) : [];
  for (const b of unmergedReleaseBranches) {
    const how = b.remote ? `git checkout ${b.name}, then relman hotfix finish` : `relman hotfix finish --branch ${b.name}`;
    warn(output, `release branch ${b.remote ? `${b.remote}/` : ''}${b.name} is not merged back into ${main}: ${how}`);
  }
  const packages = state.packages.map((pkg) => {
    const tags = state.tags.packageTags(pkg.tagFormat, pkg.name);
    return {
      name: pkg.name,
      path: pkg.path,
      latestTag: tags.latest?.tag.name ?? null,
      manifestVersion: pkg.manifest.version,
      manifestFile: pkg.manifest.file,
      unreleasedCommits: state.histories.get(pkg.name)?.sinceLatestTag ?? 0,
    };
  });
  if (values.json) {
    await printJson(output, { branch: state.head.branch, packages, unmergedReleaseBranches });
    return 0;
  }
  output.out(renderTable(
    ['package', 'latest tag', 'manifest', 'unreleased'],
    packages.map((p) => [p.name, p.latestTag ?? '(none)', p.manifestVersion, String(p.unreleasedCommits)]),
  ));
  return 0;
}
