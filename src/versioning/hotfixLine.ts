/**
 * A hotfix line is a `release-*` branch cut from a production tag: `release-v1.42.2` in a repository
 * with one package, `release-NAME-v1.42.2` in a monorepo. On it relman releases patches only.
 */
export const HOTFIX_BRANCH_PATTERN = 'release-*';

export function isHotfixBranch(branch: string | null): boolean {
  return branch !== null && branch.startsWith('release-');
}

/** The branch of the hotfix line that releases `version`; `packageName` is null in a single-package repository. */
export function hotfixBranchName(packageName: string | null, version: string): string {
  return packageName === null ? `release-v${version}` : `release-${packageName}-v${version}`;
}
