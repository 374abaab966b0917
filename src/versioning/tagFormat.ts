import { cleanSemver } from './semver.js';

/**
 * A tag format is a template with `{version}` and optionally `{name}` (the manifest's package name)
 * or `{unscoped}` (the name without an npm `@scope/`): `{name}-v{version}`, `v{version}`, `{name}@{version}`.
 */
export const DEFAULT_SINGLE_FORMAT = 'v{version}';
export const DEFAULT_MONOREPO_FORMAT = '{name}-v{version}';

/** The formats relman recognises on existing tags, most specific first. */
export const KNOWN_FORMATS = [
  '{name}-v{version}',
  '{name}@{version}',
  '{name}-{version}',
  '{unscoped}-v{version}',
  '{unscoped}@{version}',
  '{unscoped}-{version}',
  'v{version}',
  // commitizen's default (`$version`) and semantic-release's `${version}`: bare version tags.
  '{version}',
];

/**
 * The placeholders of other release tools' tag templates and relman's twin of each: semantic-release
 * (`${version}`, a lodash template), commitizen (`$version`, `${version}`, a Python string.Template),
 * nx release (`{projectName}`). python-semantic-release already writes `{name}` and `{version}`.
 */
const FOREIGN_PLACEHOLDERS: [RegExp, string][] = [
  [/\$\{version\}|\$version\b/g, '{version}'],
  [/\{projectName\}/g, '{name}'],
];
const RELMAN_PLACEHOLDERS = new Set(['{name}', '{unscoped}', '{version}']);

/**
 * Another release tool's tag template in relman's syntax, or null when it has a placeholder relman has
 * no twin for (commitizen's `$major`, nx's `{releaseGroupName}`, …) or not exactly one version.
 */
export function adoptTagFormat(template: string): string | null {
  let format = template;
  for (const [pattern, twin] of FOREIGN_PLACEHOLDERS) format = format.replace(pattern, twin);
  const placeholders = format.match(/\{[^{}]*\}|\$\{?\w+/g) ?? [];
  if (placeholders.some((p) => !RELMAN_PLACEHOLDERS.has(p))) return null;
  return format.split('{version}').length === 2 ? format : null;
}

export function unscopedName(name: string): string {
  // Most names have no scope: no regular expression for them (tag formats are rendered thousands of times).
  return name.startsWith('@') ? name.replace(/^@[^/]+\//, '') : name;
}

export function renderTag(format: string, name: string, version: string): string {
  return format.replaceAll('{name}', name).replaceAll('{unscoped}', unscopedName(name)).replaceAll('{version}', version);
}

export interface TagMatcher {
  /** The version a tag names under this format and package, or null. */
  versionOf(tag: string): string | null;
}

export function tagMatcher(format: string, name: string): TagMatcher {
  const parts = format.split('{version}');
  if (parts.length !== 2) throw new Error(`tag format ${format} must contain {version} once`);
  const prefix = renderTag(parts[0] ?? '', name, '');
  const suffix = renderTag(parts[1] ?? '', name, '');
  return {
    versionOf(tag) {
      if (tag.length <= prefix.length + suffix.length || !tag.startsWith(prefix) || !tag.endsWith(suffix)) return null;
      return cleanSemver(tag.slice(prefix.length, tag.length - suffix.length));
    },
  };
}
