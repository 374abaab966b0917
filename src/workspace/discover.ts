import path, { posix } from 'node:path';
import type { Config } from '../config/schema.js';
import { RelmanError } from '../errors.js';
import { MANIFEST_ADAPTERS, adapterForFileName } from './adapters.js';
import { UnversionedManifestError, manifestError, type UnversionedByDesign } from './errors.js';
import { folderMatcher, memberMatcher, pathOrAncestorMatcher } from './globs.js';
import { selectManifestFiles } from './manifestFiles.js';
import { ManifestMemo } from './manifestMemo.js';
import { readPnpmWorkspace } from './pnpmWorkspace.js';
import { readTexts } from './readTexts.js';
import { declaredSettings, lernaPackageGlobs, type DeclaredSettings } from './toolConfigs.js';
import type { DiscoveredPackage, Manifest } from './types.js';

/** A manifest that names no version relman can own (dynamic, inherited, absent): reported, so the CLI can warn. */
export interface SkippedManifest {
  file: string;
  line?: number;
  reason: string;
}

export interface Discovery {
  /** Sorted by path, the root (`.`) first. */
  packages: DiscoveredPackage[];
  /** Only manifests that would otherwise have made their folder a package; sorted by file. */
  skipped: SkippedManifest[];
}

type Reading = { manifest: Manifest } | { skip: SkippedManifest; byDesign?: UnversionedByDesign } | { error: RelmanError };

const PRIORITY = new Map(MANIFEST_ADAPTERS.map((a, i) => [a.fileName, i]));

/**
 * Finds the packages among a repository's tracked files (repository-relative POSIX paths, as
 * `git ls-files` prints them): one per folder with a manifest, the first of pyproject.toml,
 * package.json, Cargo.toml, Chart.yaml, VERSION that states a version.
 *
 * A package.json is no package when it is a workspace root (it declares `workspaces`, or a
 * pnpm-workspace.yaml with `packages` stands beside it, or it is the root and lerna.json lists
 * `packages`), when it is the private root package.json, or when a workspace root above it does not
 * list its folder among its members. `include` in
 * relman.toml overrides all three: when given, exactly the folders it matches can be packages.
 */
export async function discoverPackages(root: string, files: readonly string[], config: Config, memo = ManifestMemo.open(null)): Promise<Discovery> {
  const { manifests, pnpmWorkspaces, toolConfigs } = selectManifestFiles(files);
  const included = config.include ? folderMatcher(config.include) : undefined;
  const excluded = pathOrAncestorMatcher(config.exclude);

  const byFolder = new Map<string, string[]>();
  for (const file of manifests) {
    const folder = posix.dirname(file);
    if ((included && !included(folder)) || excluded(file)) continue;
    const list = byFolder.get(folder);
    if (list) list.push(file);
    else byFolder.set(folder, [file]);
  }

  const candidates = [...byFolder.values()].flat();
  const texts = readTexts(root, [...candidates, ...(included ? [] : pnpmWorkspaces), ...toolConfigs]);
  const declared = declaredSettings(new Map(toolConfigs.map((f) => [f, texts.get(f) ?? null])));
  const repoName = path.basename(path.resolve(root));
  const readings = new Map(candidates.map((file) => [file, readManifest(file, texts.get(file) ?? null, repoName, memo)]));
  memo.save();
  const isPackageJsonPackage = included ? () => true : packageJsonRule(readings, pnpmWorkspaces, texts);

  const packages: DiscoveredPackage[] = [];
  const skipped: SkippedManifest[] = [];
  const members: SkippedManifest[] = [];
  for (const [folder, folderFiles] of byFolder) {
    const notes: SkippedManifest[] = [];
    const memberNotes: SkippedManifest[] = [];
    let chosen: Manifest | undefined;
    for (const file of folderFiles.sort((a, b) => priority(a) - priority(b))) {
      const reading = readings.get(file) as Reading;
      if (posix.basename(file) === 'package.json' && !isPackageJsonPackage(folder, reading)) continue;
      if ('error' in reading) throw reading.error;
      if ('skip' in reading) {
        if (reading.byDesign === 'workspace-member') memberNotes.push(reading.skip);
        else if (!reading.byDesign) notes.push(reading.skip);
      } else if (reading.manifest.kind === 'package.json' && reading.manifest.rawVersion === '') notes.push({ file, reason: 'has no "version"' });
      else {
        chosen = reading.manifest;
        break;
      }
    }
    if (chosen) packages.push(toPackage(folder, chosen, config, declared));
    else {
      skipped.push(...notes);
      members.push(...memberNotes);
    }
  }
  // A crate inheriting the workspace's version belongs to the Cargo package above it that states it.
  const cargoFolders = packages.filter((p) => p.manifest.kind === 'cargo').map((p) => p.path);
  skipped.push(...members.filter((m) => !cargoFolders.some((f) => f === '.' || m.file.startsWith(`${f}/`))));

  packages.sort((a, b) => comparePaths(a.path, b.path));
  checkNames(packages, config);
  return { packages, skipped: skipped.sort((a, b) => comparePaths(a.file, b.file)) };
}

function readManifest(file: string, text: string | null, repoName: string, memo: ManifestMemo): Reading {
  if (text === null) return { skip: { file, reason: 'is tracked by git but missing from the working tree, or a symbolic link' } };
  const adapter = adapterForFileName(posix.basename(file));
  if (!adapter) throw new Error(`${file} is not a manifest`);
  try {
    return { manifest: memo.read(file, text, repoName, () => adapter.read(text, file, repoName)) };
  } catch (e) {
    if (e instanceof UnversionedManifestError) return { skip: { file, ...(e.line ? { line: e.line } : {}), reason: e.reason }, byDesign: e.byDesign };
    if (e instanceof RelmanError) return { error: e };
    throw e;
  }
}

/** Whether a folder's package.json may be its package, by the workspace roots the repository declares. */
function packageJsonRule(
  readings: Map<string, Reading>,
  pnpmWorkspaces: readonly string[],
  texts: Map<string, string | null>,
): (folder: string, reading: Reading) => boolean {
  const roots = new Map<string, (relativeFolder: string) => boolean>();
  for (const [file, reading] of readings) {
    const globs = 'manifest' in reading ? reading.manifest.workspaces : undefined;
    if (globs) roots.set(posix.dirname(file), memberMatcher(globs));
  }
  // Set last: pnpm reads its own file and ignores package.json `workspaces`.
  for (const file of pnpmWorkspaces) {
    const text = texts.get(file);
    const globs = text == null ? undefined : readPnpmWorkspace(text, file);
    if (globs) roots.set(posix.dirname(file), memberMatcher(globs));
  }
  // lerna versions the packages lerna.json lists, whatever the package manager's workspaces say.
  const lerna = lernaPackageGlobs(texts);
  if (lerna) roots.set('.', memberMatcher(lerna));
  return (folder, reading) => {
    if (roots.has(folder)) return false;
    if (folder === '.' && 'manifest' in reading && reading.manifest.private) return false;
    for (let above = folder; above !== '.'; ) {
      above = posix.dirname(above);
      const isMember = roots.get(above);
      if (isMember) return isMember(above === '.' ? folder : folder.slice(above.length + 1));
    }
    return true;
  };
}

function toPackage(folder: string, manifest: Manifest, config: Config, declared: DeclaredSettings): DiscoveredPackage {
  if (!manifest.name) throw manifestError(manifest.file, 1, 'has no "name"', 'a package needs a name: its tags and its [packages] settings in relman.toml go by it');
  const settings = config.packages[manifest.name];
  // relman.toml first, then what earlier tooling states: in the manifest itself, then in its own config files.
  const tagFormat = settings?.tagFormat ?? manifest.tagFormat ?? declared.tagFormat(folder, manifest);
  const preMajor = manifest.preMajor ?? declared.preMajor(folder);
  return {
    name: manifest.name,
    path: folder,
    manifest,
    ...(settings?.paths ? { paths: settings.paths } : {}),
    ...(settings?.exclude ? { exclude: settings.exclude } : {}),
    ...(tagFormat ? { tagFormat } : {}),
    ...(preMajor ? { preMajor } : {}),
  };
}

/** Names identify packages in tags and in relman.toml, so each must be unique and every `[packages.NAME]` must name one. */
function checkNames(packages: readonly DiscoveredPackage[], config: Config): void {
  const byName = new Map<string, DiscoveredPackage>();
  for (const pkg of packages) {
    const other = byName.get(pkg.name);
    if (other) {
      throw new RelmanError(
        `two packages are named "${pkg.name}": ${other.manifest.file} and ${pkg.manifest.file}`,
        "rename one, or add one's folder to exclude in relman.toml",
      );
    }
    byName.set(pkg.name, pkg);
  }
  for (const name of Object.keys(config.packages)) {
    if (byName.has(name)) continue;
    const key = /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
    const known = [...byName.keys()];
    throw new RelmanError(
      `${config.file ?? 'relman.toml'}: [packages.${key}] names no discovered package`,
      `[packages.NAME] takes a manifest's package name; discovered: ${known.length ? known.slice(0, 20).join(', ') + (known.length > 20 ? ', …' : '') : 'none'}`,
    );
  }
}

function priority(file: string): number {
  return PRIORITY.get(posix.basename(file)) ?? PRIORITY.size;
}

/** Code-unit order, with the root (`.`) first. */
function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  return a < b ? -1 : 1;
}
