import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { RelmanError } from '../errors.js';
import { streamLog } from '../git/log.js';
import { headState, repoRoot, trackedFiles, type HeadState } from '../git/repo.js';
import { commonAncestors, listTags } from '../git/tags.js';
import { CommitAttributor } from '../plan/attribute.js';
import { TagIndex } from '../plan/tagVersions.js';
import type { PackageHistory } from '../plan/types.js';
import { DEFAULT_MONOREPO_FORMAT, DEFAULT_SINGLE_FORMAT, KNOWN_FORMATS } from '../versioning/tagFormat.js';
import { discoverPackages } from '../workspace/discover.js';
import type { DiscoveredPackage, Package } from '../workspace/types.js';
import { releaseCommitFilter } from './releaseCommit.js';

/** Everything the planner needs, read from one repository: config, packages, tags and history. */
export interface RepositoryState {
  root: string;
  config: Config;
  head: HeadState;
  packages: Package[];
  tags: TagIndex;
  histories: Map<string, PackageHistory>;
  warnings: string[];
}

/** Reads the repository: a constant number of git processes, however many packages there are. */
export async function readRepository(cwd: string): Promise<RepositoryState> {
  const root = await repoRoot(cwd);
  const [config, head, files] = await Promise.all([loadConfig(root), headState(root), trackedFiles(root)]);
  const [discovery, rawTags] = await Promise.all([discoverPackages(root, files, config), listTags(root, head.sha)]);
  const warnings = discovery.skipped.map((s) => `${s.file}: skipped: ${s.reason}`);
  if (discovery.packages.length === 0) {
    throw new RelmanError(`no package found in ${root}`, 'relman looks for pyproject.toml, package.json, Cargo.toml, Chart.yaml and VERSION files; list folders with include in relman.toml');
  }
  const tags = new TagIndex(rawTags);
  const packages = discovery.packages.map((p) => withTagFormat(p, config, tags, discovery.packages.length === 1));
  const histories = head.sha ? await readHistories(root, head.sha, packages, tags, config) : emptyHistories(packages);
  if (head.shallow) warnings.push('this is a shallow clone: commits older than its depth are not seen; run git fetch --unshallow --tags');
  return { root, config, head, packages, tags, histories, warnings };
}

/**
 * The tag format in force for a package: relman.toml's (per package, then repository-wide), then the
 * manifest's (python-semantic-release), then the one its existing tags follow, then the default.
 */
function withTagFormat(pkg: DiscoveredPackage, config: Config, tags: TagIndex, single: boolean): Package {
  const fallback = single ? DEFAULT_SINGLE_FORMAT : DEFAULT_MONOREPO_FORMAT;
  // A bare `v1.2.3` tag belongs to the repository's root or only package, never to every package.
  const formats = single || pkg.path === '.' ? KNOWN_FORMATS : KNOWN_FORMATS.filter((f) => f.includes('{name}') || f.includes('{unscoped}'));
  const tagFormat = config.packages[pkg.name]?.tagFormat ?? config.tagFormat ?? pkg.tagFormat ?? tags.guessFormat(pkg.name, fallback, formats);
  if (!tagFormat.includes('{version}')) {
    throw new RelmanError(`tag format "${tagFormat}" of package ${pkg.name} has no {version}`, 'a tag format looks like "{name}-v{version}"');
  }
  return { ...pkg, tagFormat };
}

async function readHistories(root: string, head: string, packages: Package[], tags: TagIndex, config: Config): Promise<Map<string, PackageHistory>> {
  const boundaries = new Map<string, { final: string | null; latest: string | null }>();
  const finals: string[] = [];
  for (const pkg of packages) {
    const t = tags.packageTags(pkg.tagFormat, pkg.name);
    boundaries.set(pkg.name, { final: t.latestFinal?.tag.commit ?? null, latest: t.latest?.tag.commit ?? null });
    if (t.latestFinal) finals.push(t.latestFinal.tag.commit);
  }
  // One log over the union of every package's range: all of HEAD's history that not every final tag reaches.
  const exclude = finals.length === packages.length ? await commonAncestors(root, [...new Set(finals)]) : [];
  const attributor = new CommitAttributor(packages, {
    boundaries,
    exclude: config.exclude,
    nonConventional: config.nonConventional,
    isReleaseCommit: releaseCommitFilter(config.releaseCommits),
  });
  for await (const batch of streamLog(root, { from: [head], exclude })) attributor.consume(batch);
  return attributor.result();
}

function emptyHistories(packages: Package[]): Map<string, PackageHistory> {
  return new Map(packages.map((p) => [p.name, { commits: [], sinceLatestTag: 0 }]));
}
