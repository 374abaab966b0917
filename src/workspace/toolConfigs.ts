import { posix } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { parseTomlDocument, tomlValueAt } from '../text/toml.js';
import { adoptTagFormat, unscopedName } from '../versioning/tagFormat.js';
import { normalizeFolder } from './globs.js';
import { table } from './tomlTables.js';
import type { Manifest, PreMajorBumps } from './types.js';

/**
 * What other release tools' config files say that relman adopts: the tag format of each package, the
 * pre-1.0 bump rule release-please states, and the packages lerna lists.
 */

/**
 * Config files of other release tools that state a package's tag format, each with the template it
 * states. A semantic-release or commitizen file states the format of the package in its own folder.
 */
const FOLDER_CONFIGS = new Map<string, (text: string) => unknown>([
  ['.releaserc', (text) => table(parseYaml(text))?.tagFormat],
  ['.releaserc.json', (text) => table(parseJsonc(text))?.tagFormat],
  ['.releaserc.yaml', (text) => table(parseYaml(text))?.tagFormat],
  ['.releaserc.yml', (text) => table(parseYaml(text))?.tagFormat],
  ['.cz.toml', commitizenToml],
  ['cz.toml', commitizenToml],
  ['.cz.json', (text) => table(table(parseJsonc(text))?.commitizen)?.tag_format],
  ['cz.json', (text) => table(table(parseJsonc(text))?.commitizen)?.tag_format],
  ['.cz.yaml', (text) => table(table(parseYaml(text))?.commitizen)?.tag_format],
  ['cz.yaml', (text) => table(table(parseYaml(text))?.commitizen)?.tag_format],
]);
export const RELEASE_PLEASE_CONFIG = 'release-please-config.json';
const NX_CONFIG = 'nx.json';
const LERNA_CONFIG = 'lerna.json';
const CHANGESETS_CONFIG = '.changeset/config.json';
/** Configs read only at the repository root, where these tools keep them. */
const ROOT_CONFIGS = new Set([RELEASE_PLEASE_CONFIG, NX_CONFIG, LERNA_CONFIG, CHANGESETS_CONFIG]);

function commitizenToml(text: string): unknown {
  return tomlValueAt(parseTomlDocument(text, 'cz.toml').value, ['tool', 'commitizen', 'tag_format']);
}

/** Whether a repository file is a root config read here (`.changeset/config.json` is one, in a dot-folder). */
export function isRootToolConfig(file: string): boolean {
  return ROOT_CONFIGS.has(file);
}

/** Whether a file of this name (no folder) is a package folder's own semantic-release or commitizen config. */
export function isFolderToolConfigName(fileName: string): boolean {
  return FOLDER_CONFIGS.has(fileName);
}

/** lerna.json `packages`: the folders lerna versions (globs, as workspaces), or undefined when it lists none. */
export function lernaPackageGlobs(texts: ReadonlyMap<string, string | null>): string[] | undefined {
  const packages = parsedJson(texts.get(LERNA_CONFIG))?.packages;
  return Array.isArray(packages) ? packages.filter((g): g is string => typeof g === 'string') : undefined;
}

/** What other tools' configs state for the package in a folder, or undefined. */
export interface DeclaredSettings {
  /** Its tag format, in relman syntax. */
  tagFormat(folder: string, manifest: Manifest): string | undefined;
  preMajor(folder: string): PreMajorBumps | undefined;
}

/**
 * Reads the tag formats other release tools' configs state, first match wins: the package folder's own
 * semantic-release or commitizen config, then release-please-config.json, then nx.json, then the
 * `{name}@{version}` that changesets and lerna's independent mode give every package below the root
 * (at the root is a single package, which they tag `v{version}`, as relman does). A config that
 * does not parse, or states a format relman cannot follow, states nothing: it is not relman's file, so
 * it never stops a release; the format then comes from the tags.
 */
export function declaredSettings(texts: ReadonlyMap<string, string | null>): DeclaredSettings {
  const byFolder = new Map<string, string>();
  for (const [file, text] of texts) {
    const read = FOLDER_CONFIGS.get(posix.basename(file));
    const format = read && text !== null ? adopt(() => read(text)) : undefined;
    if (format && !byFolder.has(posix.dirname(file))) byFolder.set(posix.dirname(file), format);
  }
  const releasePlease = parsedJson(texts.get(RELEASE_PLEASE_CONFIG));
  const independent = texts.get(CHANGESETS_CONFIG) != null || parsedJson(texts.get(LERNA_CONFIG))?.version === 'independent';
  const repositoryWide = nxTagFormat(parsedJson(texts.get(NX_CONFIG))) ?? (independent ? '{name}@{version}' : undefined);
  return {
    tagFormat: (folder, manifest) => {
      const listed = releasePlease && releasePleasePackage(releasePlease, folder);
      return byFolder.get(folder) ?? (listed && releasePleaseFormat(listed, manifest.name)) ?? (folder === '.' ? undefined : repositoryWide);
    },
    preMajor: (folder) => {
      const listed = releasePlease && releasePleasePackage(releasePlease, folder);
      return listed ? releasePleasePreMajor(listed) : undefined;
    },
  };
}

function adopt(template: () => unknown): string | undefined {
  try {
    const t = template();
    return (typeof t === 'string' && adoptTagFormat(t)) || undefined;
  } catch {
    return undefined;
  }
}

export function parsedJson(text: string | null | undefined): Record<string, unknown> | undefined {
  // jsonc-parser never throws: a broken file reads as far as it parses.
  return text ? table(parseJsonc(text)) : undefined;
}

/** A package release-please-config.json lists: a setting is the package's own, else the config's top-level one. */
type ReleasePleaseSetting = (name: string) => unknown;

export function releasePleasePackage(config: Record<string, unknown>, folder: string): { settings: Record<string, unknown>; setting: ReleasePleaseSetting } | undefined {
  const packages = table(config.packages) ?? {};
  const key = Object.keys(packages).find((k) => normalizeFolder(k) === folder);
  if (key === undefined) return undefined;
  const settings = table(packages[key]) ?? {};
  return { settings, setting: (name) => settings[name] ?? config[name] };
}

/**
 * release-please's tag for a package it lists: `{component}{tag-separator}v{version}`, where the
 * component is the package's `component`, else its `package-name`, else its manifest's name, always
 * without an npm scope; `include-component-in-tag: false` drops the component and
 * `include-v-in-tag: false` the `v`.
 */
function releasePleaseFormat({ settings, setting }: { settings: Record<string, unknown>; setting: ReleasePleaseSetting }, manifestName: string): string | undefined {
  const version = setting('include-v-in-tag') === false ? '{version}' : 'v{version}';
  const named = typeof settings.component === 'string' ? settings.component : typeof settings['package-name'] === 'string' ? settings['package-name'] : manifestName;
  const component = unscopedName(named);
  if (setting('include-component-in-tag') === false || component === '') return version;
  const separator = typeof setting('tag-separator') === 'string' ? (setting('tag-separator') as string) : '-';
  // The component written literally only when it is not the manifest's own name: a renamed package keeps its tags.
  const name = component === unscopedName(manifestName) ? '{unscoped}' : component;
  return adoptTagFormat(`${name}${separator}${version}`) ?? undefined;
}

/** `bump-minor-pre-major` and `bump-patch-for-minor-pre-major`, when either is set. */
function releasePleasePreMajor({ setting }: { setting: ReleasePleaseSetting }): PreMajorBumps | undefined {
  const breaking = setting('bump-minor-pre-major') === true ? 'minor' : 'major';
  const feature = setting('bump-patch-for-minor-pre-major') === true ? 'patch' : 'minor';
  return breaking === 'major' && feature === 'minor' ? undefined : { breaking, feature };
}

/**
 * nx release's `releaseTag.pattern` (Nx 22) or `releaseTagPattern` (by default `{projectName}@{version}`
 * for independent projects), when it names the project: a fixed `v{version}` is one version for all.
 */
function nxTagFormat(nx: Record<string, unknown> | undefined): string | undefined {
  const release = table(nx?.release);
  const independent = release?.projectsRelationship === 'independent' ? '{projectName}@{version}' : undefined;
  const pattern = table(release?.releaseTag)?.pattern ?? release?.releaseTagPattern ?? independent;
  const format = typeof pattern === 'string' ? adoptTagFormat(pattern) : null;
  return format?.includes('{name}') ? format : undefined;
}
