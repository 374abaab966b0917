import { findEntry, parseTomlDocument, tomlValueAt, type TomlDocument, type TomlEntry } from '../text/toml.js';
import { cleanSemver } from '../versioning/semver.js';
import { UnversionedManifestError, assertSemver, manifestError } from './errors.js';
import { replaceQuoted, splitBom } from './sourceText.js';
import { table, tableLine } from './tomlTables.js';
import type { DependencyRange, Manifest, ManifestAdapter } from './types.js';

interface Located {
  doc: TomlDocument;
  bom: number;
  name: string;
  entry: TomlEntry;
}

/**
 * A crate's `[package] version`, or the workspace's shared `[workspace.package] version`: a workspace
 * root that states one is the package that versions every member inheriting it (`version.workspace =
 * true`), named by its own `[package]` or else, like a root VERSION file, by the repository.
 */
function locate(text: string, file: string, repoName?: string): Located {
  const { bom, body } = splitBom(text);
  const doc = parseTomlDocument(body, file);
  const pkg = table(tomlValueAt(doc.value, ['package']));
  const shared = findEntry(doc, ['workspace', 'package', 'version']);
  if (!pkg && !shared) throw new UnversionedManifestError(file, undefined, 'has no [package] table (a virtual workspace manifest), so it declares no package', 'workspace-root');
  let name = repoName ?? '';
  if (pkg) {
    if (typeof pkg.name !== 'string' || pkg.name === '') throw manifestError(file, tableLine(doc, ['package']), '[package] has no name');
    name = pkg.name;
  }
  let entry: TomlEntry | undefined;
  if (pkg && !table(pkg.version)) {
    entry = findEntry(doc, ['package', 'version']);
    if (!entry) throw new UnversionedManifestError(file, undefined, '[package] has no version');
  } else if (shared) {
    entry = shared;
  } else {
    // `version.workspace = true` in a member: the version lives in the root's [workspace.package], whose package releases it.
    const line = doc.entries.find((e) => e.path[0] === 'package' && e.path[1] === 'version')?.line;
    throw new UnversionedManifestError(file, line, 'version is inherited from the workspace (version.workspace = true), so the package has no version of its own', 'workspace-member');
  }
  if (!name) throw new Error(`reading ${file}, a workspace root without [package], needs the repository's name`);
  if (entry.valueKind !== 'string') throw manifestError(file, entry.line, 'version must be a string');
  return { doc, bom, name, entry };
}

function read(text: string, file: string, repoName?: string): Manifest {
  const { doc, name, entry } = locate(text, file, repoName);
  const rawVersion = tomlValueAt(doc.value, entry.path as string[]) as string;
  const version = cleanSemver(rawVersion);
  if (!version) throw manifestError(file, entry.line, `version "${rawVersion}" is not a version`, 'Cargo versions are semver: 1.2.0, 1.2.0-rc.1');
  const dependencies = dependencyRanges(doc.value);
  return { kind: 'cargo', file, name, rawVersion, version, line: entry.line, ...(dependencies.length ? { dependencies } : {}) };
}

const DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'build-dependencies'];

/**
 * The version requirements of every dependency table, the platform-specific ones (`[target.X.dependencies]`)
 * too, by the name of the crate depended on (`package = "…"` when the key renames it).
 */
function dependencyRanges(value: Record<string, unknown>): DependencyRange[] {
  const tables: [string, Record<string, unknown> | undefined][] = DEPENDENCY_TABLES.map((t) => [t, table(value[t])]);
  for (const [target, spec] of Object.entries(table(value.target) ?? {})) {
    for (const t of DEPENDENCY_TABLES) tables.push([`target.${target}.${t}`, table(table(spec)?.[t])]);
  }
  return tables.flatMap(([field, deps]) =>
    Object.entries(deps ?? {}).flatMap(([key, spec]): DependencyRange[] => {
      const detail = table(spec);
      const range = typeof spec === 'string' ? spec : detail?.version;
      if (typeof range !== 'string') return [];
      const name = typeof detail?.package === 'string' ? detail.package : key;
      return [{ name, range, semver: cargoRequirement(range), field }];
    }),
  );
}

/** A Cargo version requirement in npm's syntax: a bare version is a caret one, and commas join comparators. */
function cargoRequirement(requirement: string): string {
  return requirement
    .split(',')
    .map((c) => c.trim())
    .map((c) => (/^\d/.test(c) ? `^${c}` : c))
    .join(' ');
}

function writeVersion(text: string, manifest: Manifest, version: string): string {
  assertSemver(version, manifest.file);
  const { bom, entry } = locate(text, manifest.file, manifest.name);
  return replaceQuoted(text, entry.valueRange[0] + bom, entry.valueRange[1] + bom, version);
}

export const cargoToml: ManifestAdapter = { kind: 'cargo', fileName: 'Cargo.toml', read, writeVersion };
