import { cargoToml } from './cargo.js';
import { chartYaml } from './chart.js';
import { packageJson } from './packageJson.js';
import { pyprojectToml } from './pyproject.js';
import type { ManifestAdapter, ManifestKind } from './types.js';
import { versionFile, versionTxt } from './versionFile.js';

/** Every adapter, in the order that decides which manifest of a folder is its package's. */
export const MANIFEST_ADAPTERS: readonly ManifestAdapter[] = [pyprojectToml, packageJson, cargoToml, chartYaml, versionFile, versionTxt];

const BY_KIND = new Map(MANIFEST_ADAPTERS.map((a) => [a.kind, a]));
const BY_FILE_NAME = new Map(MANIFEST_ADAPTERS.map((a) => [a.fileName, a]));

export function adapterFor(kind: ManifestKind): ManifestAdapter {
  const adapter = BY_KIND.get(kind);
  if (!adapter) throw new Error(`no adapter for manifest kind ${kind}`);
  return adapter;
}

/** The adapter for a file name (`package.json`), or undefined when it is no manifest. */
export function adapterForFileName(fileName: string): ManifestAdapter | undefined {
  return BY_FILE_NAME.get(fileName);
}
