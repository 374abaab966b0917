import { RelmanError } from '../errors.js';
import { findEntry, parseTomlDocument, tomlValueAt, type TomlDocument, type TomlEntry } from '../text/toml.js';
import { fromPep440, normalizedPythonName, pep440Range, toPep440 } from '../versioning/pep440.js';
import { adoptTagFormat } from '../versioning/tagFormat.js';
import { UnversionedManifestError, assertSemver, manifestError } from './errors.js';
import { replaceQuoted, splitBom } from './sourceText.js';
import { table, tableLine } from './tomlTables.js';
import type { DependencyRange, Manifest, ManifestAdapter, PreMajorBumps } from './types.js';

interface Located {
  doc: TomlDocument;
  bom: number;
  name: string;
  rawVersion: string;
  line: number;
  /**
   * Every static version entry, which must all agree: Poetry 2 may keep `[tool.poetry] version` beside
   * `[project]`, and commitizen keeps its own `[tool.commitizen] version` (its default version provider).
   */
  versionEntries: TomlEntry[];
}

/** PEP 621 `[project]` or Poetry `[tool.poetry]`; `[project]` wins where both state a value. */
function locate(text: string, file: string): Located {
  const { bom, body } = splitBom(text);
  const doc = parseTomlDocument(body, file);
  const project = table(tomlValueAt(doc.value, ['project']));
  const poetry = table(tomlValueAt(doc.value, ['tool', 'poetry']));
  if (!project && !poetry) {
    const root = tomlValueAt(doc.value, ['tool', 'uv', 'workspace']) ? 'workspace-root' : undefined;
    throw new UnversionedManifestError(file, undefined, 'has no [project] or [tool.poetry] table, so it declares no package', root);
  }

  const name = project?.name ?? poetry?.name;
  const nameTable = project ? ['project'] : ['tool', 'poetry'];
  if (typeof name !== 'string' || name === '') {
    throw manifestError(file, tableLine(doc, nameTable), `[${nameTable.join('.')}] has no name`);
  }

  const versionEntries = [findEntry(doc, ['project', 'version']), findEntry(doc, ['tool', 'poetry', 'version']), commitizenVersionEntry(doc)].filter((e) => e !== undefined);
  const primary = versionEntries[0];
  if (!primary) {
    const dynamic = project?.dynamic;
    if (Array.isArray(dynamic) && dynamic.includes('version')) {
      const line = findEntry(doc, ['project', 'dynamic'])?.line;
      throw new UnversionedManifestError(file, line, 'version is dynamic ([project] dynamic lists "version"), so there is no version to write');
    }
    throw manifestError(file, tableLine(doc, nameTable), `[${nameTable.join('.')}] has no version`);
  }
  for (const entry of versionEntries) {
    if (entry.valueKind !== 'string') throw manifestError(file, entry.line, 'version must be a string');
  }
  return { doc, bom, name, rawVersion: tomlValueAt(doc.value, primary.path as string[]) as string, line: primary.line, versionEntries };
}

function read(text: string, file: string): Manifest {
  const { doc, name, rawVersion, line } = locate(text, file);
  const version = fromPep440(rawVersion);
  if (!version) {
    throw manifestError(file, line, `version "${rawVersion}" is not a version`, 'write a PEP 440 release such as 1.2.0 or 1.2.0rc1 (epochs, post and local versions have no semver form)');
  }
  const tagFormat = declaredTagFormat(doc.value);
  const preMajor = declaredPreMajor(doc.value);
  const dependencies = dependencyRanges(doc.value);
  return {
    kind: 'pyproject',
    file,
    name,
    rawVersion,
    version,
    line,
    ...(tagFormat ? { tagFormat } : {}),
    ...(preMajor ? { preMajor } : {}),
    ...(dependencies.length ? { dependencies } : {}),
  };
}

/**
 * The bounded requirements of every dependency list: PEP 621 `dependencies` and
 * `optional-dependencies`, PEP 735 `[dependency-groups]`, and Poetry's tables. A requirement with no
 * version bound, a URL or a path only, cannot be left by a release and is not listed.
 */
function dependencyRanges(value: Record<string, unknown>): DependencyRange[] {
  const project = table(value.project);
  const poetry = table(table(value.tool)?.poetry);
  const lists: [string, unknown][] = [['project.dependencies', project?.dependencies]];
  for (const [group, list] of Object.entries(table(project?.['optional-dependencies']) ?? {})) lists.push([`project.optional-dependencies.${group}`, list]);
  for (const [group, list] of Object.entries(table(value['dependency-groups']) ?? {})) lists.push([`dependency-groups.${group}`, list]);
  const tables: [string, unknown][] = [
    ['tool.poetry.dependencies', poetry?.dependencies],
    ['tool.poetry.dev-dependencies', poetry?.['dev-dependencies']],
    ...Object.entries(table(poetry?.group) ?? {}).map(([group, spec]): [string, unknown] => [`tool.poetry.group.${group}.dependencies`, table(spec)?.dependencies]),
  ];
  const fromLists = lists.flatMap(([field, list]) => (Array.isArray(list) ? list : []).flatMap((req) => (typeof req === 'string' ? requirementRange(req, field) : [])));
  const fromTables = tables.flatMap(([field, deps]) =>
    Object.entries(table(deps) ?? {}).flatMap(([name, spec]): DependencyRange[] => {
      const range = typeof spec === 'string' ? spec : table(spec)?.version;
      const semver = name !== 'python' && typeof range === 'string' ? poetryRange(range) : null;
      return semver ? [{ name: normalizedPythonName(name), range: range as string, semver, field }] : [];
    }),
  );
  return [...fromLists, ...fromTables];
}

/** A PEP 508 requirement (`acme-core[extra]>=0.3,<0.4; python_version>"3.9"`), when it bounds the version. */
function requirementRange(requirement: string, field: string): DependencyRange[] {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?([^;@()]*)\)?\s*(?:;.*)?$/.exec(requirement);
  const range = m?.[2]?.trim();
  const semver = range ? pep440Range(range) : null;
  return m?.[1] && range && semver ? [{ name: normalizedPythonName(m[1]), range, semver, field }] : [];
}

/** A Poetry constraint: npm-like `^`/`~` and bare exact versions, or PEP 440 specifiers. */
function poetryRange(constraint: string): string | null {
  const c = constraint.trim();
  if (c === '*' || /^[\^~](?!=)/.test(c)) return c;
  if (/^\d/.test(c)) return pep440Range(`==${c}`);
  return pep440Range(c);
}

function writeVersion(text: string, manifest: Manifest, version: string): string {
  assertSemver(version, manifest.file);
  let pep440: string;
  try {
    pep440 = toPep440(version);
  } catch (e) {
    if (e instanceof RelmanError) throw new RelmanError(`${manifest.file}: ${e.message}`, e.hint);
    throw e;
  }
  const { bom, versionEntries } = locate(text, manifest.file);
  // From the last entry back, so earlier offsets stay valid.
  const ranges = versionEntries.map((e) => e.valueRange).sort((a, b) => b[0] - a[0]);
  return ranges.reduce((out, [start, end]) => replaceQuoted(out, start + bom, end + bom, pep440), text);
}

/** `[tool.commitizen] version`, when commitizen keeps the version there rather than reading another file's. */
function commitizenVersionEntry(doc: TomlDocument): TomlEntry | undefined {
  const provider = table(tomlValueAt(doc.value, ['tool', 'commitizen']))?.version_provider;
  return provider === undefined || provider === 'commitizen' ? findEntry(doc, ['tool', 'commitizen', 'version']) : undefined;
}

/**
 * The tag format earlier tooling states: python-semantic-release `tag_format` (top-level first, then the
 * first branch that states one), else commitizen's (`v$version`). Only a stated one: a tool's default
 * may not be what the tags follow (commitizen is often there only to lint commit messages).
 */
function declaredTagFormat(value: Record<string, unknown>): string | undefined {
  const psr = table(tomlValueAt(value, ['tool', 'semantic_release']));
  const candidates = [psr?.tag_format, ...Object.values(table(psr?.branches) ?? {}).map((b) => table(b)?.tag_format), table(tomlValueAt(value, ['tool', 'commitizen']))?.tag_format];
  for (const template of candidates) {
    const format = typeof template === 'string' ? adoptTagFormat(template) : null;
    if (format) return format;
  }
  return undefined;
}

/** python-semantic-release `major_on_zero = false` or commitizen `major_version_zero = true`: below 1.0.0 a breaking change bumps the minor. */
function declaredPreMajor(value: Record<string, unknown>): PreMajorBumps | undefined {
  const psr = table(tomlValueAt(value, ['tool', 'semantic_release']))?.major_on_zero === false;
  const cz = table(tomlValueAt(value, ['tool', 'commitizen']))?.major_version_zero === true;
  return psr || cz ? { breaking: 'minor', feature: 'minor' } : undefined;
}

export const pyprojectToml: ManifestAdapter = { kind: 'pyproject', fileName: 'pyproject.toml', read, writeVersion };
