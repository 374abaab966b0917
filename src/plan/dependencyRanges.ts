import { normalizedPythonName } from '../versioning/pep440.js';
import { rangeTakes } from '../versioning/semver.js';
import type { DependencyRange, DiscoveredPackage, Manifest, Package } from '../workspace/types.js';
import type { PackagePlan } from './types.js';

/**
 * A release that takes a package out of a range another package of the repository declares for it
 * (`"api": "^1.2.0"` when api goes to 2.0.0): the dependent would install the old version from the
 * registry instead of the one beside it. relman does not rewrite ranges or release dependents for
 * them; it says so, naming the manifest. A range the current version already left is not this
 * release's doing and is not reported.
 */
export function brokenRanges(plans: readonly PackagePlan[], packages: readonly Package[]): string[] {
  const releaseOf = dependencyTargets(plans.filter((p) => p.nextVersion));
  const warnings: string[] = [];
  for (const dependent of packages) {
    for (const dep of dependent.manifest.dependencies ?? []) {
      const release = releaseOf(dependent.manifest, dep);
      if (!release || release.name === dependent.name) continue;
      const next = release.nextVersion as string;
      if (rangeTakes(dep.semver, release.currentVersion) && rangeTakes(dep.semver, next) === false) {
        warnings.push(`${dependent.manifest.file}: ${dep.field} "${dep.name}": "${dep.range}" leaves out ${next}, the version this release makes; update the range (relman does not change it)`);
      }
    }
  }
  return warnings;
}

/**
 * The packages, each keeping only the dependencies that name a package of the repository: the rest
 * (most of what a manifest declares: the registry's packages) are never read, and a long-lived
 * monorepo's manifests declare thousands of them.
 */
export function withOwnDependencies<T extends DiscoveredPackage>(packages: readonly T[]): T[] {
  const packageOf = dependencyTargets(packages);
  return packages.map((pkg) => {
    const declared = pkg.manifest.dependencies;
    if (!declared) return pkg;
    const own = declared.filter((dep) => packageOf(pkg.manifest, dep));
    if (own.length === declared.length) return pkg;
    const { dependencies: _, ...manifest } = pkg.manifest;
    return { ...pkg, manifest: own.length ? { ...manifest, dependencies: own } : manifest };
  });
}

/** The item of `items` (by its package name) that a manifest's dependency names. */
function dependencyTargets<T extends { name: string }>(items: readonly T[]): (manifest: Manifest, dep: DependencyRange) => T | undefined {
  const byName = new Map(items.map((item) => [item.name, item]));
  // Python requirements name a distribution as PEP 503 compares names (`acme_core` is `acme-core`).
  const byPythonName = new Map(items.map((item) => [normalizedPythonName(item.name), item]));
  return (manifest, dep) => (manifest.kind === 'pyproject' ? byPythonName : byName).get(dep.name);
}
