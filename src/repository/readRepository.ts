import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { RelmanError } from '../errors.js';
import { defaultRemote, headState, locateRepo, trackedFiles, type HeadState } from '../git/repo.js';
import { deepen, fetchTags, shallowBoundary } from '../git/shallow.js';
import { readTagRefs } from '../git/tags.js';
import { commitList } from '../plan/commitList.js';
import { withOwnDependencies } from '../plan/dependencyRanges.js';
import { TagIndex } from '../plan/tagVersions.js';
import type { PackageHistory } from '../plan/types.js';
import { DEFAULT_MONOREPO_FORMAT, DEFAULT_SINGLE_FORMAT, KNOWN_FORMATS } from '../versioning/tagFormat.js';
import { discoverPackages } from '../workspace/discover.js';
import { ManifestMemo } from '../workspace/manifestMemo.js';
import type { DiscoveredPackage, Package } from '../workspace/types.js';
import { HistoryReader, type HistoryReading } from './history.js';

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
  const location = await locateRepo(cwd);
  const { root, gitDir: dir, sha, shallow } = location;
  // The history takes longest, then the tags: git reads them while relman reads config and manifests.
  // A shallow clone shows cut commits without parents, so its history is never cached.
  const history = sha ? HistoryReader.start(root, sha, shallow ? null : path.join(dir, 'relman', 'history')) : null;
  try {
    const tagRefs = readTagRefs(root);
    tagRefs.catch(() => {}); // awaited below
    const [config, head, files] = await Promise.all([loadConfig(root), headState(root, location), trackedFiles(root)]);
    const memoFile = shallow ? null : path.join(dir, 'relman', 'manifests');
    // The listing is handed over (spliced out) so that this frame, which lives for the whole run, does
    // not keep every tracked path, and git's whole output behind them, in memory.
    const [refs, { discovered, warnings }] = await Promise.all([tagRefs, discoverOwnPackages(root, files.splice(0), config, memoFile)]);
    let tags = new TagIndex(history ? await history.tags(refs) : refs);
    const packagesFor = (index: TagIndex) => settleTagFormats(discovered, config, index);
    let packages = packagesFor(tags);
    let histories = emptyHistories(packages);
    if (history) {
      const read = await readHistories(history, root, packages, tags, config, shallow);
      histories = read.histories;
      if (read.cutByShallowClone) {
        // A shallow clone (the CI default) cuts history inside some package's range: deepen just enough.
        ({ tags, packages, histories } = await deepenUntilComplete(root, head, config, packagesFor));
        warnings.push('deepened the shallow clone to reach each package\'s latest tag');
      }
    }
    return { root, config, head, packages, tags, histories, warnings };
  } finally {
    history?.close();
  }
}

/**
 * The repository's packages, each with only the dependencies that name another of them, and a warning
 * for each manifest skipped. Apart so that the frame that streams the history holds neither the
 * manifests as read (every registry dependency: thousands of objects in a large monorepo) nor the
 * memo that keeps them.
 */
async function discoverOwnPackages(root: string, files: string[], config: Config, memoFile: string | null): Promise<{ discovered: DiscoveredPackage[]; warnings: string[] }> {
  const discovery = await discoverPackages(root, files, config, ManifestMemo.open(memoFile));
  if (discovery.packages.length === 0) {
    throw new RelmanError(`no package found in ${root}`, 'relman looks for pyproject.toml, package.json, Cargo.toml, Chart.yaml, VERSION and version.txt files; list folders with include in relman.toml');
  }
  return { discovered: withOwnDependencies(discovery.packages), warnings: discovery.skipped.map((s) => `${s.file}: skipped: ${s.reason}`) };
}

/**
 * The tag format in force for each package: relman.toml's (per package, then repository-wide), then
 * the one its manifest or its earlier tool's config states, then the one its existing tags follow.
 * A package with none of these (new, or never tagged) follows the format most of its siblings adopted,
 * so a monorepo that moved from lerna or changesets keeps `name@version` for new packages too; else the
 * default.
 */
function settleTagFormats(discovered: DiscoveredPackage[], config: Config, tags: TagIndex): Package[] {
  const single = discovered.length === 1;
  // A bare `v1.2.3` tag belongs to the repository's root or only package, never to every package.
  const namedFormats = KNOWN_FORMATS.filter((f) => f.includes('{name}') || f.includes('{unscoped}'));
  const found = discovered.map((pkg) => {
    const formats = single || pkg.path === '.' ? KNOWN_FORMATS : namedFormats;
    return config.packages[pkg.name]?.tagFormat ?? config.tagFormat ?? pkg.tagFormat ?? (tags.guessFormat(pkg.name, '', formats) || null);
  });
  const fallback = single ? DEFAULT_SINGLE_FORMAT : mostCommon(found.filter((f): f is string => f !== null && /\{(name|unscoped)\}/.test(f))) ?? DEFAULT_MONOREPO_FORMAT;
  return discovered.map((pkg, i) => {
    const tagFormat = found[i] ?? fallback;
    if (!tagFormat.includes('{version}')) {
      throw new RelmanError(`tag format "${tagFormat}" of package ${pkg.name} has no {version}`, 'a tag format looks like "{name}-v{version}"');
    }
    return { ...pkg, tagFormat };
  });
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

/**
 * Fetches the remote's tags, then deepens the clone (doubling the depth each time) until no package's
 * range reaches the cut, or the clone is complete. A shallow clone with no remote is an error.
 */
async function deepenUntilComplete(root: string, head: HeadState, config: Config, packagesFor: (tags: TagIndex) => Package[]) {
  const remote = await defaultRemote(root, head.branch);
  if (!remote) {
    throw new RelmanError('this shallow clone cuts the history inside a package\'s range, and it has no remote to fetch more from', 'clone with full history (git clone without --depth), or add the remote and run again');
  }
  await fetchTags(root, remote);
  for (let depth = 64; ; depth *= 2) {
    const { shallow } = await locateRepo(root);
    if (depth > 1 << 26) throw new RelmanError(`deepening the shallow clone from ${remote} did not reach the packages' tags`, 'run git fetch --unshallow --tags and try again');
    const history = HistoryReader.start(root, head.sha as string, null);
    try {
      const tags = new TagIndex(await history.tags(await readTagRefs(root)));
      const packages = packagesFor(tags);
      const read = await readHistories(history, root, packages, tags, config, shallow);
      if (!read.cutByShallowClone) return { tags, packages, histories: read.histories };
    } finally {
      history.close();
    }
    await deepen(root, remote, depth);
  }
}

async function readHistories(history: HistoryReader, root: string, packages: Package[], tags: TagIndex, config: Config, shallow: boolean): Promise<HistoryReading> {
  return history.attribute(packages, tags, config, shallow ? await shallowBoundary(root) : new Set<string>());
}

function emptyHistories(packages: Package[]): Map<string, PackageHistory> {
  return new Map(packages.map((p) => [p.name, { commits: commitList([]), sinceLatestTag: 0 }]));
}
