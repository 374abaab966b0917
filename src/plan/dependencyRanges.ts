import { normalizedPythonName } from '../versioning/pep440.js';
import { rangeTakes } from '../versioning/semver.js';
import type { Package } from '../workspace/types.js';
import type { PackagePlan } from './types.js';

/**
 * A release that takes a package out of a range another package of the repository declares for it
 * (`"api": "^1.2.0"` when api goes to 2.0.0): the dependent would install the old version from the
 * registry instead of the one beside it. relman does not rewrite ranges or release dependents for
 * them; it says so, naming the manifest. A range the current version already left is not this
 * release's doing and is not reported.
 */
export function brokenRanges(plans: readonly PackagePlan[], packages: readonly Package[]): string[] {
  const released = plans.filter((p) => p.nextVersion);
  const releases = new Map(released.map((p) => [p.name, p]));
  // Python requirements name a distribution as PEP 503 compares names (`acme_core` is `acme-core`).
  const pythonReleases = new Map(released.map((p) => [normalizedPythonName(p.name), p]));
  const warnings: string[] = [];
  for (const dependent of packages) {
    const byName = dependent.manifest.kind === 'pyproject' ? pythonReleases : releases;
    for (const dep of dependent.manifest.dependencies ?? []) {
      const release = byName.get(dep.name);
      if (!release || release.name === dependent.name) continue;
      const next = release.nextVersion as string;
      if (rangeTakes(dep.semver, release.currentVersion) && rangeTakes(dep.semver, next) === false) {
        warnings.push(`${dependent.manifest.file}: ${dep.field} "${dep.name}": "${dep.range}" leaves out ${next}, the version this release makes; update the range (relman does not change it)`);
      }
    }
  }
  return warnings;
}
