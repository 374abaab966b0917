import { findNodeAtLocation } from 'jsonc-parser';
import { applySplices, readJson, type Splice, type VersionEdit } from './versionEdit.js';

/** An npm package whose locked version a release changes. */
export interface LockedPackage {
  /** Its folder relative to the lock file's folder, `.` for the same folder. */
  path: string;
  version: string;
}

/**
 * Sets the version of these packages in package-lock.json or npm-shrinkwrap.json: their entry under
 * `packages`, keyed by folder (`""` for the lock's own package, which lockfile versions 1 and 2 also
 * state as the top-level `version`). A folder the lock does not list is left alone.
 */
export function setPackageLockVersions(text: string, file: string, packages: readonly LockedPackage[]): VersionEdit {
  const json = readJson(text, file);
  if ('problems' in json) return json;
  const splices: Splice[] = [];
  for (const pkg of packages) {
    const key = pkg.path === '.' ? '' : pkg.path;
    const nodes = [findNodeAtLocation(json.root, ['packages', key, 'version']), key === '' ? findNodeAtLocation(json.root, ['version']) : undefined];
    for (const node of nodes) {
      if (node?.type === 'string') splices.push({ start: node.offset + json.bom + 1, end: node.offset + node.length + json.bom - 1, value: pkg.version });
    }
  }
  return { text: applySplices(text, splices), problems: [] };
}
