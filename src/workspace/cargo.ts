import { findEntry, parseTomlDocument, tomlValueAt, type TomlDocument, type TomlEntry } from '../text/toml.js';
import { cleanSemver } from '../versioning/semver.js';
import { UnversionedManifestError, assertSemver, manifestError } from './errors.js';
import { replaceQuoted, splitBom } from './sourceText.js';
import { table, tableLine } from './tomlTables.js';
import type { Manifest, ManifestAdapter } from './types.js';

interface Located {
  doc: TomlDocument;
  bom: number;
  name: string;
  entry: TomlEntry;
}

function locate(text: string, file: string): Located {
  const { bom, body } = splitBom(text);
  const doc = parseTomlDocument(body, file);
  const pkg = table(tomlValueAt(doc.value, ['package']));
  if (!pkg) throw new UnversionedManifestError(file, undefined, 'has no [package] table (a virtual workspace manifest), so it declares no package');
  if (typeof pkg.name !== 'string' || pkg.name === '') throw manifestError(file, tableLine(doc, ['package']), '[package] has no name');
  if (table(pkg.version)) {
    // `version.workspace = true`: the version lives in the root's [workspace.package], which one package's release must not rewrite.
    const line = doc.entries.find((e) => e.path[0] === 'package' && e.path[1] === 'version')?.line;
    throw new UnversionedManifestError(file, line, 'version is inherited from the workspace (version.workspace = true), so the package has no version of its own');
  }
  const entry = findEntry(doc, ['package', 'version']);
  if (!entry) throw new UnversionedManifestError(file, undefined, '[package] has no version');
  if (entry.valueKind !== 'string') throw manifestError(file, entry.line, 'version must be a string');
  return { doc, bom, name: pkg.name, entry };
}

function read(text: string, file: string): Manifest {
  const { doc, name, entry } = locate(text, file);
  const rawVersion = tomlValueAt(doc.value, ['package', 'version']) as string;
  const version = cleanSemver(rawVersion);
  if (!version) throw manifestError(file, entry.line, `version "${rawVersion}" is not a version`, 'Cargo versions are semver: 1.2.0, 1.2.0-rc.1');
  return { kind: 'cargo', file, name, rawVersion, version, line: entry.line };
}

function writeVersion(text: string, manifest: Manifest, version: string): string {
  assertSemver(version, manifest.file);
  const { bom, entry } = locate(text, manifest.file);
  return replaceQuoted(text, entry.valueRange[0] + bom, entry.valueRange[1] + bom, version);
}

export const cargoToml: ManifestAdapter = { kind: 'cargo', fileName: 'Cargo.toml', read, writeVersion };
