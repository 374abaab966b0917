import { posix } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import { parseTomlDocument, tomlValueAt } from '../text/toml.js';
import { toPep440 } from '../versioning/pep440.js';
import { renderTag } from '../versioning/tagFormat.js';
import { adapterFor } from './adapters.js';
import { setCargoLockVersions } from './cargoLock.js';
import { normalizeFolder } from './globs.js';
import { setPackageLockVersions } from './packageLock.js';
import { parsedJson, RELEASE_PLEASE_CONFIG, releasePleasePackage } from './toolConfigs.js';
import { table } from './tomlTables.js';
import type { Package } from './types.js';
import { setUvLockVersions } from './uvLock.js';
import { VERSION_PATTERN, escapeRegExp, type VersionEdit, type VersionForms } from './versionEdit.js';
import { setVersionOnLines } from './versionLines.js';
import { setMarkedVersions } from './versionMarkers.js';
import { dottedPath, parseJsonPath, setVersionsAt, type DocumentKind, type PathStep } from './versionPaths.js';
import { setVersionVariable } from './versionVariables.js';

/**
 * The one place that says which files besides its manifest hold a released package's version:
 * the lock files that lock it, and the files other release tools were told to keep in step.
 */

/** A package a release changes, and its new version (semver). */
export interface VersionBump {
  pkg: Package;
  version: string;
}

type SpotKind =
  | { kind: 'uv.lock' | 'package-lock'; path: string }
  | { kind: 'Cargo.lock'; crates: string[] }
  | { kind: 'variable'; variable: string; tag: boolean }
  | { kind: 'lines'; pattern?: string }
  | { kind: 'markers' }
  | { kind: 'path'; document: DocumentKind; steps: PathStep[]; where: string; tag: boolean };

/** A place outside the manifest that holds a package's version; `origin` names what declared it. */
type Spot = SpotKind & { file: string; bump: VersionBump; origin?: string };

/** What the release reads and writes for them. */
export interface VersionedFiles {
  /** Every file a spot names, for the release to read at HEAD along with the manifests. */
  files: string[];
  /**
   * The new text of each file that changes, from HEAD's texts (`head`, manifests included) and the
   * manifests as the release writes them (`written`); and a warning for each place left unchanged.
   */
  edit(head: ReadonlyMap<string, string | null>, written: ReadonlyMap<string, string>): { texts: Map<string, string>; warnings: string[] };
}

const LOCK_FILES: Partial<Record<Package['manifest']['kind'], string[]>> = {
  pyproject: ['uv.lock'],
  cargo: ['Cargo.lock'],
  'package.json': ['package-lock.json', 'npm-shrinkwrap.json'],
};
const COMMITIZEN_FILES = ['.cz.toml', 'cz.toml', '.cz.json', 'cz.json', '.cz.yaml', 'cz.yaml'];
const RELEASE_PLEASE_MANIFEST = '.release-please-manifest.json';

/**
 * The spots of the released packages. `tracked` lists the repository's files; `read` reads the files
 * that declare spots (tool configs, a Cargo workspace's crates) as discovery reads manifests, from the
 * working tree, whose tracked files a release requires to be as committed.
 */
export function versionedFiles(bumps: readonly VersionBump[], tracked: readonly string[], read: (files: string[]) => ReadonlyMap<string, string | null>): VersionedFiles {
  const isTracked = new Set(tracked);
  const declaring = [...new Set(bumps.flatMap((b) => declaringFiles(b.pkg, tracked, isTracked)))];
  const texts = read(declaring);
  const warnings: string[] = [];
  const context: Context = { tracked, isTracked, texts, warn: (w) => warnings.push(w) };
  const spots = bumps
    .flatMap((b) => [...lockSpots(b, context), ...semanticReleaseSpots(b, context), ...commitizenSpots(b, context), ...releasePleaseSpots(b, context)])
    // relman writes the manifest itself; a tool told to write it too (`version_toml = ["pyproject.toml:project.version"]`) adds nothing.
    .filter((s) => s.file !== s.bump.pkg.manifest.file);
  return {
    files: [...new Set(spots.map((s) => s.file))],
    edit: (head, written) => editSpots(spots, head, written, warnings),
  };
}

interface Context {
  tracked: readonly string[];
  isTracked: ReadonlySet<string>;
  texts: ReadonlyMap<string, string | null>;
  warn(warning: string): void;
}

function declaringFiles(pkg: Package, tracked: readonly string[], isTracked: ReadonlySet<string>): string[] {
  const own = ['pyproject.toml', ...COMMITIZEN_FILES].map((f) => inFolder(pkg.path, f));
  const crates = pkg.manifest.kind === 'cargo' ? tracked.filter((f) => posix.basename(f) === 'Cargo.toml' && isUnder(f, pkg.path)) : [];
  return [...own, RELEASE_PLEASE_CONFIG, RELEASE_PLEASE_MANIFEST, ...crates].filter((f) => isTracked.has(f));
}

function inFolder(folder: string, file: string): string {
  return folder === '.' ? file : `${folder}/${file}`;
}

function isUnder(file: string, folder: string): boolean {
  return folder === '.' || file.startsWith(`${folder}/`);
}

/** The folders from `folder` up to the repository root. */
function foldersUp(folder: string): string[] {
  const up = [folder];
  while (up[up.length - 1] !== '.') up.push(posix.dirname(up[up.length - 1] as string));
  return up;
}

/** A path a config states relative to its folder, as a repository path; null when it leaves the repository. */
function resolve(folder: string, path: string): string | null {
  const joined = posix.normalize(posix.join(folder, path));
  return joined === '..' || joined.startsWith('../') || posix.isAbsolute(path) ? null : joined.replace(/^\.\//, '');
}

/** The files a path names relative to `folder` (tracked or not), or with `glob` the tracked files a glob matches. */
function filesNamed(folder: string, pattern: string, glob: boolean, context: Context, origin: string): string[] {
  const path = resolve(folder, pattern);
  if (path === null) {
    context.warn(`${pattern} is outside the repository; left unchanged (${origin})`);
    return [];
  }
  if (!glob || !picomatch.scan(path).isGlob) return [path];
  const matches = picomatch(path, { dot: true });
  const files = context.tracked.filter((f) => matches(f));
  if (files.length === 0) context.warn(`${pattern} names no tracked file (${origin})`);
  return files;
}

/**
 * Lock files in the package's folder or above it that lock it: uv.lock and package-lock.json (or
 * npm-shrinkwrap.json) name a project by its folder; Cargo.lock names a crate only by name, so only
 * the nearest one is read, and a Cargo workspace's version is also the version of every crate that
 * inherits it (`version.workspace = true`).
 */
function lockSpots(bump: VersionBump, context: Context): Spot[] {
  const { pkg } = bump;
  const spots: Spot[] = [];
  for (const folder of foldersUp(pkg.path)) {
    const relative = posix.relative(folder === '.' ? '' : folder, pkg.path === '.' ? '' : pkg.path) || '.';
    for (const name of LOCK_FILES[pkg.manifest.kind] ?? []) {
      const file = inFolder(folder, name);
      if (!context.isTracked.has(file)) continue;
      if (name === 'uv.lock') spots.push({ kind: 'uv.lock', file, bump, path: relative });
      else if (name === 'Cargo.lock') return [{ kind: 'Cargo.lock', file, bump, crates: lockedCrates(pkg, context.texts) }];
      else spots.push({ kind: 'package-lock', file, bump, path: relative });
    }
  }
  return spots;
}

function parsedToml(text: string | null | undefined, file: string): Record<string, unknown> | undefined {
  try {
    return text == null ? undefined : parseTomlDocument(text.replace(/^\uFEFF/, ''), file).value;
  } catch {
    return undefined;
  }
}

/** The crates a Cargo package's version is the version of: its own, and those that inherit the workspace's when that is it. */
function lockedCrates(pkg: Package, texts: ReadonlyMap<string, string | null>): string[] {
  const root = parsedToml(texts.get(pkg.manifest.file), pkg.manifest.file);
  const own = table(root?.package);
  const ownName = typeof own?.name === 'string' ? [own.name] : [];
  if (own && !table(own.version)) return ownName;
  const workspaces = new Set<string>();
  const inheriting: { folder: string; name: string }[] = [];
  for (const [file, text] of texts) {
    if (posix.basename(file) !== 'Cargo.toml' || file === pkg.manifest.file || !isUnder(file, pkg.path)) continue;
    const crate = parsedToml(text, file);
    if (crate?.workspace !== undefined) workspaces.add(posix.dirname(file));
    const member = table(crate?.package);
    if (typeof member?.name === 'string' && table(member.version)?.workspace === true) inheriting.push({ folder: posix.dirname(file), name: member.name });
  }
  // A crate inherits from the nearest workspace above it: one nested in another workspace is not this one's.
  const ownsIt = (folder: string) => !foldersUp(folder).some((up) => up !== pkg.path && isUnder(up, pkg.path) && workspaces.has(up));
  return [...ownName, ...inheriting.filter((c) => ownsIt(c.folder)).map((c) => c.name)];
}

/** `file:item[:nf|tf]` as python-semantic-release states its version declarations. */
function semanticReleaseDeclaration(text: string): { path: string; item: string; tag: boolean } | null {
  const [path, item, stamp = 'nf', ...rest] = text.split(':');
  if (!path || !item || rest.length > 0 || (stamp !== 'nf' && stamp !== 'tf')) return null;
  return { path, item, tag: stamp === 'tf' };
}

/** A list setting, or python-semantic-release 7's comma-separated string. */
function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** python-semantic-release's `version_variables` (7: `version_variable`) and `version_toml` in the package's pyproject.toml. */
function semanticReleaseSpots(bump: VersionBump, context: Context): Spot[] {
  const file = inFolder(bump.pkg.path, 'pyproject.toml');
  const config = table(tomlValueAt(parsedToml(context.texts.get(file), file), ['tool', 'semantic_release']));
  if (!config) return [];
  const spots: Spot[] = [];
  for (const key of ['version_variables', 'version_variable', 'version_toml']) {
    const origin = `${key} in ${file}`;
    for (const entry of stringList(config[key])) {
      const declared = semanticReleaseDeclaration(entry);
      if (!declared) {
        context.warn(`${JSON.stringify(entry)} is not a file:${key === 'version_toml' ? 'key.path' : 'variable'}[:nf|tf] relman can follow; left unchanged (${origin})`);
        continue;
      }
      for (const file of filesNamed(bump.pkg.path, declared.path, false, context, origin)) {
        if (key === 'version_toml') spots.push({ kind: 'path', file, bump, origin, document: 'toml', steps: dottedPath(declared.item), where: declared.item, tag: declared.tag });
        else spots.push({ kind: 'variable', file, bump, origin, variable: declared.item, tag: declared.tag });
      }
    }
  }
  return spots;
}

/** The package folder's commitizen config, in the order commitizen looks for it: its file, its settings, and where they sit in it. */
function commitizenConfig(folder: string, texts: ReadonlyMap<string, string | null>): { file: string; settings: Record<string, unknown>; document: DocumentKind; at: string[] } | undefined {
  for (const name of [...COMMITIZEN_FILES, 'pyproject.toml']) {
    const file = inFolder(folder, name);
    const text = texts.get(file);
    if (text == null) continue;
    const document: DocumentKind = name.endsWith('.toml') ? 'toml' : name.endsWith('.json') ? 'json' : 'yaml';
    const at = document === 'toml' ? ['tool', 'commitizen'] : ['commitizen'];
    let value: unknown;
    try {
      value = document === 'toml' ? parsedToml(text, file) : document === 'json' ? parseJsonc(text) : parseYaml(text);
    } catch {
      continue;
    }
    const settings = table(tomlValueAt(value, at));
    if (settings) return { file, settings, document, at };
  }
  return undefined;
}

/**
 * commitizen's `version_files` (`path[:regex]`, the path a glob), and the `version` its own config
 * file keeps when no other provider holds it (pyproject.toml's is the manifest's, already written).
 */
function commitizenSpots(bump: VersionBump, context: Context): Spot[] {
  const config = commitizenConfig(bump.pkg.path, context.texts);
  if (!config) return [];
  const origin = `version_files in ${config.file}`;
  const spots: Spot[] = stringList(config.settings.version_files).flatMap((entry) => {
    const colon = entry.indexOf(':');
    const pattern = colon === -1 ? undefined : entry.slice(colon + 1) || undefined;
    return filesNamed(bump.pkg.path, colon === -1 ? entry : entry.slice(0, colon), true, context, origin).map((file): Spot => ({ kind: 'lines', file, bump, origin, ...(pattern ? { pattern } : {}) }));
  });
  const provider = config.settings.version_provider;
  if (typeof config.settings.version === 'string' && (provider === undefined || provider === 'commitizen')) {
    const steps = [...config.at, 'version'].map((key) => ({ key }));
    spots.push({ kind: 'path', file: config.file, bump, origin: `commitizen's version in ${config.file}`, document: config.document, steps, where: [...config.at, 'version'].join('.'), tag: false });
  }
  return spots;
}

/**
 * release-please's `extra-files` for the package (paths relative to it, `/…` to the repository), and its
 * entry in .release-please-manifest.json, where release-please keeps each package's version.
 */
function releasePleaseSpots(bump: VersionBump, context: Context): Spot[] {
  const config = parsedJson(context.texts.get(RELEASE_PLEASE_CONFIG));
  const listed = config && releasePleasePackage(config, bump.pkg.path);
  if (!listed) return [];
  const origin = `extra-files in ${RELEASE_PLEASE_CONFIG}`;
  const spots: Spot[] = [];
  for (const entry of Array.isArray(listed.setting('extra-files')) ? (listed.setting('extra-files') as unknown[]) : []) {
    const declared = typeof entry === 'string' ? { type: 'generic', path: entry } : table(entry);
    const { type = 'generic', path, jsonpath, glob } = declared ?? {};
    if (typeof path !== 'string' || typeof type !== 'string') continue;
    // A path from the repository root starts with `/`.
    const files = path.startsWith('/') ? filesNamed('.', path.slice(1), glob === true, context, origin) : filesNamed(bump.pkg.path, path, glob === true, context, origin);
    const document = type === 'json' || type === 'yaml' || type === 'toml' ? type : undefined;
    const steps = typeof jsonpath === 'string' ? parseJsonPath(jsonpath) : null;
    if (type === 'generic') spots.push(...files.map((file): Spot => ({ kind: 'markers', file, bump, origin })));
    else if (document && steps) spots.push(...files.map((file): Spot => ({ kind: 'path', file, bump, origin, document, steps, where: jsonpath as string, tag: false })));
    else if (document) context.warn(`${path}: the jsonpath ${JSON.stringify(jsonpath)} is not one relman can follow; left unchanged (${origin})`);
    else context.warn(`${path}: relman does not edit extra-files of type "${type}"; left unchanged (${origin})`);
  }
  const manifest = parsedJson(context.texts.get(RELEASE_PLEASE_MANIFEST));
  const key = Object.keys(manifest ?? {}).find((k) => normalizeFolder(k) === bump.pkg.path);
  if (key !== undefined) {
    spots.push({ kind: 'path', file: RELEASE_PLEASE_MANIFEST, bump, origin: `release-please's manifest`, document: 'json', steps: [{ key }], where: JSON.stringify(key), tag: false });
  }
  return spots;
}

/** The release's change in the forms files hold it, its current version read from HEAD's manifest. */
function versionForms(bump: VersionBump, head: ReadonlyMap<string, string | null>): { number: VersionForms; tag: VersionForms } {
  const { manifest, tagFormat, name } = bump.pkg;
  let current = manifest;
  try {
    const text = head.get(manifest.file);
    if (text != null) current = adapterFor(manifest.kind).read(text, manifest.file, manifest.name);
  } catch {
    // A manifest HEAD cannot read was refused before; the working tree's reading stands.
  }
  const written = manifest.kind === 'pyproject' ? toPep440(bump.version) : bump.version;
  const number = [
    { from: current.rawVersion, to: written },
    { from: current.version, to: bump.version },
  ].filter((f, i, all) => all.findIndex((g) => g.from === f.from && g.to === f.to) === i);
  return { number, tag: [{ from: renderTag(tagFormat, name, current.version), to: renderTag(tagFormat, name, bump.version) }] };
}

/** A tag's pattern: the tag format around a version. */
function tagPattern(bump: VersionBump): string {
  const [prefix = '', suffix = ''] = bump.pkg.tagFormat.split('{version}').map((part) => escapeRegExp(renderTag(part, bump.pkg.name, '')));
  return `${prefix}${VERSION_PATTERN}${suffix}`;
}

/** The spots edited in one pass: every spot of a lock file of one kind together (its packages share one parse), any other alone. */
function groupSpots(spots: readonly Spot[]): Spot[][] {
  const groups = new Map<string, Spot[]>();
  for (const [i, spot] of spots.entries()) {
    const key = spot.kind === 'uv.lock' || spot.kind === 'Cargo.lock' || spot.kind === 'package-lock' ? `${spot.kind}\0${spot.file}` : String(i);
    groups.set(key, [...(groups.get(key) ?? []), spot]);
  }
  return [...groups.values()];
}

function lockedPath(spot: Spot): string {
  return 'path' in spot ? spot.path : '.';
}

type Forms = (bump: VersionBump) => { number: VersionForms; tag: VersionForms };

function editGroup(text: string, group: readonly Spot[], formsOf: Forms): VersionEdit {
  const [spot] = group;
  const file = spot?.file ?? '';
  switch (spot?.kind) {
    case 'uv.lock':
      return setUvLockVersions(text, file, group.map((s) => ({ name: s.bump.pkg.name, path: lockedPath(s), version: toPep440(s.bump.version) })));
    case 'Cargo.lock':
      return setCargoLockVersions(text, file, group.flatMap((s) => ('crates' in s ? s.crates : []).map((name) => ({ name, from: formsOf(s.bump).number[0]?.from ?? '', to: s.bump.version }))));
    case 'package-lock':
      return setPackageLockVersions(text, file, group.map((s) => ({ path: lockedPath(s), version: s.bump.version })));
    case 'variable':
      return spot.tag ? setVersionVariable(text, file, spot.variable, formsOf(spot.bump).tag, tagPattern(spot.bump)) : setVersionVariable(text, file, spot.variable, formsOf(spot.bump).number);
    case 'lines':
      return setVersionOnLines(text, file, spot.pattern, formsOf(spot.bump).number);
    case 'markers':
      return setMarkedVersions(text, file, formsOf(spot.bump).number[0]?.to ?? spot.bump.version, spot.bump.version);
    case 'path':
      return setVersionsAt(text, file, spot.document, spot.steps, spot.where, spot.tag ? formsOf(spot.bump).tag : formsOf(spot.bump).number);
    default:
      return { text, problems: [] };
  }
}

/** Applies the spots of each file to its text in turn: several packages sharing a file make one edit of it. */
function editSpots(spots: readonly Spot[], head: ReadonlyMap<string, string | null>, written: ReadonlyMap<string, string>, declared: readonly string[]) {
  const edited = new Map<string, string>();
  const warnings = [...declared];
  const forms = new Map<VersionBump, ReturnType<Forms>>();
  const formsOf: Forms = (bump) => forms.get(bump) ?? forms.set(bump, versionForms(bump, head)).get(bump) as ReturnType<Forms>;
  for (const group of groupSpots(spots)) {
    const [{ file, origin } = { file: '', origin: undefined }] = group;
    const suffix = origin ? ` (${origin})` : '';
    const text = edited.get(file) ?? written.get(file) ?? head.get(file);
    if (text == null) {
      if (origin) warnings.push(`${file} is not committed; left unchanged${suffix}`);
      continue;
    }
    const edit = editGroup(text, group, formsOf);
    warnings.push(...edit.problems.map((p) => `${p}${suffix}`));
    edited.set(file, edit.text);
  }
  const texts = new Map([...edited].filter(([file, text]) => text !== (written.get(file) ?? head.get(file))));
  return { texts, warnings };
}
