import { expect } from 'vitest';
import type { TestRepo } from '../helpers/repo.js';

/** One package of `plan --json` / `release --json`. */
export interface PlannedPackage {
  name: string;
  path: string;
  currentVersion: string;
  nextVersion: string | null;
  bump: string | null;
  tag: string | null;
  commits: { sha: string; type: string | null; scope: string | null; breaking: boolean; subject: string }[];
}

function packagesOf(repo: TestRepo, command: 'plan' | 'release', args: string[]): Record<string, PlannedPackage> {
  const r = repo.relman(command, '--json', ...args);
  // A plan warns about nothing in these repositories; a release logs its steps.
  if (command === 'plan') expect(r.stderr).toBe('');
  expect(r.code, r.stderr).toBe(0);
  const packages = (JSON.parse(r.stdout) as { packages: PlannedPackage[] }).packages;
  return Object.fromEntries(packages.map((p) => [p.name, p]));
}

/** `relman plan --json`, by package name; fails the test on any warning or error. */
export function planOf(repo: TestRepo, ...args: string[]): Record<string, PlannedPackage> {
  return packagesOf(repo, 'plan', args);
}

/** `relman release --json`, by package name: the plan it applied. */
export function releaseOf(repo: TestRepo, ...args: string[]): Record<string, PlannedPackage> {
  return packagesOf(repo, 'release', args);
}

/** Merges a pull request's branch as GitHub's merge button does: a merge commit on the current branch. */
export function mergePullRequest(repo: TestRepo, branch: string, number: number): string {
  repo.git('merge', '-q', '--no-ff', '-m', `Merge pull request #${number} from acme/${branch}`, branch);
  return repo.git('rev-parse', 'HEAD');
}

/** The commit a tag names, and whether the tag is annotated (`tag`) or lightweight (`commit`). */
export function tagOf(repo: TestRepo, tag: string): { commit: string; type: string } {
  return { commit: repo.git('rev-list', '-n', '1', tag), type: repo.git('cat-file', '-t', tag) };
}

/** The subjects of a planned package's commits, newest first. */
export function subjects(pkg: PlannedPackage | undefined): string[] {
  return (pkg?.commits ?? []).map((c) => c.subject);
}
