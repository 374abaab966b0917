import { defaultBranch, unmergedBranches } from '../git/branches.js';
import { remoteTagNames } from '../git/refs.js';
import { changedTrackedFiles, defaultRemote, headState, locateRepo } from '../git/repo.js';
import { readRepository } from '../repository/readRepository.js';
import { HOTFIX_BRANCH_PATTERN } from '../versioning/hotfixLine.js';
import { compareVersions } from '../versioning/semver.js';

/**
 * An error makes `relman release` refuse or plan wrongly; a warning is worth fixing but a release
 * still does the right thing.
 */
export type Severity = 'error' | 'warning';

export interface Finding {
  check: 'dirty-tree' | 'tags-not-fetched' | 'remote-unreachable' | 'shallow-clone' | 'untagged-package' | 'version-mismatch' | 'unmerged-release-branch';
  severity: Severity;
  message: string;
  /** The command (or edit) that fixes it. */
  fix: string;
}

function list(items: string[], max = 5): string {
  return `${items.slice(0, max).join(', ')}${items.length > max ? `, … (${items.length} in all)` : ''}`;
}

/** Everything in a repository that stands between it and a correct release, each with its fix. */
export async function diagnose(cwd: string): Promise<Finding[]> {
  const location = await locateRepo(cwd);
  const { root } = location;
  // The remote's tags are compared before readRepository, which fetches them when it must deepen a shallow clone.
  const [head, dirty] = await Promise.all([headState(root, location), changedTrackedFiles(root)]);
  const remote = await defaultRemote(root, head.branch);
  const remoteTags = remote ? await remoteTagNames(root, remote) : null;
  const state = await readRepository(root);
  const [main, shallow] = await Promise.all([defaultBranch(root), locateRepo(root).then((l) => l.shallow)]);
  const unmerged = main ? await unmergedBranches(root, HOTFIX_BRANCH_PATTERN, main) : [];

  const findings: Finding[] = [];
  if (dirty.length) {
    findings.push({ check: 'dirty-tree', severity: 'error', message: `the working tree has uncommitted changes: ${list(dirty)}; relman release refuses to run on it`, fix: 'git commit or git stash them' });
  }
  if (remote && remoteTags === null) {
    findings.push({ check: 'remote-unreachable', severity: 'warning', message: `cannot reach ${remote} to compare its tags with these`, fix: `git remote -v (check ${remote}'s URL and credentials)` });
  }
  const local = new Set(Array.from(state.tags.tags, (t) => t.name));
  const missing = (remoteTags ?? []).filter((t) => !local.has(t));
  if (remote && missing.length) {
    findings.push({ check: 'tags-not-fetched', severity: 'error', message: `${missing.length} of ${remote}'s tags are not here (${list(missing)}): a release would count from older tags`, fix: `git fetch --tags ${remote}` });
  }
  // Asked after readRepository, which deepens a shallow clone as far as the packages' ranges need.
  if (shallow) {
    findings.push({ check: 'shallow-clone', severity: 'warning', message: 'this is a shallow clone: relman deepened it as far as the packages need, other tools see less history', fix: 'git fetch --unshallow --tags' });
  }
  for (const pkg of state.packages) {
    const latest = state.tags.packageTags(pkg.tagFormat, pkg.name).latest;
    if (!latest) {
      findings.push({ check: 'untagged-package', severity: 'warning', message: `package ${pkg.name} has no release tag (format ${pkg.tagFormat}): its first release will be ${pkg.manifest.version}, its manifest's version`, fix: `relman release --package ${pkg.name}, or set tagFormat for it in relman.toml if its tags follow another format` });
    } else if (compareVersions(latest.version, pkg.manifest.version) !== 0) {
      findings.push({ check: 'version-mismatch', severity: 'warning', message: `${pkg.manifest.file} states ${pkg.manifest.version}, but the latest tag of ${pkg.name} is ${latest.tag.name}`, fix: `set the version in ${pkg.manifest.file} to ${latest.version}, or run relman release (it writes the next version)` });
    }
  }
  for (const b of unmerged) {
    findings.push({
      check: 'unmerged-release-branch',
      severity: 'warning',
      message: `release branch ${b.remote ? `${b.remote}/` : ''}${b.name} has commits ${main} does not`,
      fix: b.remote ? `git checkout ${b.name}, then relman hotfix finish` : `relman hotfix finish --branch ${b.name}`,
    });
  }
  return findings;
}
