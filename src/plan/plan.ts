import { highestBump, type Bump } from '../commits/bump.js';
import { bumpVersion, isPrerelease, prereleaseId, prereleaseNumber, releaseOf } from '../versioning/semver.js';
import { renderTag } from '../versioning/tagFormat.js';
import type { Package } from '../workspace/types.js';
import { commitList } from './commitList.js';
import { brokenRanges } from './dependencyRanges.js';
import type { PackageTags, TagIndex } from './tagVersions.js';
import type { CommitSummary, PackageHistory, PackagePlan, ReleasePlan } from './types.js';

export interface PlanOptions {
  /** Pre-release identifier (`rc`, `beta`, …): plan candidates `X.Y.Z-id.N` instead of finals. */
  prerelease?: string;
  /** On a hotfix line (a `release-*` branch) only patches are released. */
  hotfix?: boolean;
}

export interface PlanInput {
  packages: Package[];
  tags: TagIndex;
  histories: Map<string, PackageHistory>;
  options: PlanOptions;
  /** Every package of the repository, for the ranges their manifests declare (default: `packages`). */
  workspace?: Package[];
}

/**
 * The release plan: per package, the version its commits ask for. Pure — every rule of versioning
 * lives here and in versioning/, and nothing here reads git or files.
 *
 * - A package releases when commits touched it since its latest tag; none → no release. A package
 *   whose latest tag is a candidate also releases with no new commit when the release is of another
 *   kind: the final that graduates the candidates, or candidates under another identifier (beta → rc).
 * - The bump is the highest its commits ask for since the latest *final* release, so a final after
 *   candidates covers all of them, and a breaking change during candidates moves the line. Below
 *   1.0.0 it follows the package's preMajor rule where earlier tooling states one.
 * - A package with no tag yet is first released at the version its manifest states.
 * - A tag that exists is never moved or reused.
 * - Ranges other packages declare for a released package are left as they are; a release that
 *   takes a package out of one is reported (dependencyRanges.ts).
 */
export function planRelease(input: PlanInput): ReleasePlan {
  const packages = input.packages.map((pkg) => planPackage(pkg, input));
  return { packages, warnings: brokenRanges(packages, input.workspace ?? input.packages) };
}

function planPackage(pkg: Package, input: PlanInput): PackagePlan {
  const tags = input.tags.packageTags(pkg.tagFormat, pkg.name);
  const history = input.histories.get(pkg.name) ?? { commits: commitList([]), sinceLatestTag: 0 };
  const problems: string[] = [];
  const base: PackagePlan = {
    name: pkg.name,
    path: pkg.path,
    currentVersion: tags.latest?.version ?? pkg.manifest.version,
    nextVersion: null,
    bump: null,
    tag: null,
    commits: history.commits,
    detail: { manifestFile: pkg.manifest.file, previousTag: tags.latest?.tag.name ?? null, changes: history.commits, problems },
  };
  const bump = highestBump(history.commits.bumps());
  if (!bump || (history.sinceLatestTag === 0 && !promotesCandidate(tags, input.options.prerelease))) return base;

  const hotfix = input.options.hotfix === true;
  // The commits are read only when some asks for more than a patch.
  if (hotfix && bump !== 'patch') {
    for (const c of history.commits) {
      if (c.bump === 'major' || c.bump === 'minor') {
        problems.push(`commit ${c.sha.slice(0, 7)} (${c.type}${c.breaking ? '!' : ''}: ${c.subject}) asks for a ${c.bump} release, but a hotfix line releases patches only`);
      }
    }
  }
  const effective: Bump = hotfix ? 'patch' : preMajorBump(pkg, tags, bump);
  const next = nextVersion(pkg, tags, effective, input);
  const tag = renderTag(pkg.tagFormat, pkg.name, next);
  const existing = input.tags.named(tag);
  if (existing) {
    problems.push(`tag ${tag} already exists on commit ${existing.commit.slice(0, 7)}${existing.merged ? '' : ", which is not in this branch's history"}; a tag is never moved or reused`);
  }
  return { ...base, nextVersion: next, bump: effective, tag };
}

/**
 * Below 1.0.0 a package may follow earlier tooling's rule (pkg.preMajor): a breaking change bumps the
 * minor, a feature the patch. The first release and 1.0.0 onwards keep the bump as it is.
 */
function preMajorBump(pkg: Package, tags: PackageTags, bump: Bump): Bump {
  const rule = pkg.preMajor;
  if (!rule || !tags.latestFinal || !tags.latestFinal.version.startsWith('0.')) return bump;
  if (bump === 'major') return rule.breaking;
  return bump === 'minor' ? rule.feature : bump;
}

/** The version a package's next release takes: see the rules on planRelease. */
function nextVersion(pkg: Package, tags: PackageTags, bump: Bump, input: PlanInput): string {
  const id = input.options.prerelease;
  const taken = (version: string) => input.tags.named(renderTag(pkg.tagFormat, pkg.name, version)) !== undefined;
  let release: string;
  if (!tags.latest) {
    // First release: the manifest's own version, as written (a candidate version stays one).
    if (isPrerelease(pkg.manifest.version)) return pkg.manifest.version;
    release = pkg.manifest.version;
  } else if (!tags.latestFinal) {
    // Only candidates so far: they were candidates of the first final release.
    release = releaseOf(tags.latest.version);
  } else {
    release = bumpVersion(tags.latestFinal.version, bump);
    // A hotfix never collides with a tag cut anywhere else: it takes the next free patch.
    if (input.options.hotfix) while (taken(release)) release = bumpVersion(release, 'patch');
  }
  if (!id) return release;
  const counters = tags.all.map((t) => prereleaseNumber(t.version, release, id) ?? 0);
  return `${release}-${id}.${Math.max(0, ...counters) + 1}`;
}

/** The latest tag is a candidate and this release is of another kind (a final, or another identifier). */
function promotesCandidate(tags: PackageTags, prerelease: string | undefined): boolean {
  const latestId = tags.latest ? prereleaseId(tags.latest.version) : null;
  return latestId !== null && latestId !== (prerelease ?? null);
}

/** A commit as `plan --json` shows it. */
export function commitSummary(c: CommitSummary): CommitSummary {
  return { sha: c.sha, type: c.type, scope: c.scope, breaking: c.breaking, subject: c.subject };
}
