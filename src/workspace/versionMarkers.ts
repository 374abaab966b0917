import { VERSION_PATTERN, type VersionEdit } from './versionEdit.js';

type Scope = 'version' | 'major' | 'minor' | 'patch';

const INLINE = /x-release-please-(version|major|minor|patch)\b/;
const BLOCK_START = /x-release-please-start-(version|major|minor|patch)\b/;
const BLOCK_END = /x-release-please-end\b/;
const VERSION = new RegExp(VERSION_PATTERN);
const NUMBER = /\b\d+\b/;

/**
 * Sets the version as release-please's generic updater does for its `extra-files`: on a line marked
 * `x-release-please-version` the first version, on one marked `x-release-please-major` (`-minor`,
 * `-patch`) the first whole number becomes that part of the new version; between a line marked
 * `x-release-please-start-version` (…`-major`, …) and one marked `x-release-please-end` every line is
 * treated so. A marked line says where the version is, so whatever version it holds is replaced.
 * `version` is the new version as the file should hold it; `semver` its semver form, for the parts.
 */
export function setMarkedVersions(text: string, file: string, version: string, semver: string): VersionEdit {
  const [major = '0', minor = '0', patch = '0'] = semver.split(/[.+-]/);
  const parts: Record<Scope, [RegExp, string]> = { version: [VERSION, version], major: [NUMBER, major], minor: [NUMBER, minor], patch: [NUMBER, patch] };
  let marked = false;
  let block: Scope | undefined;
  const lines = text.split(/(?<=\n)/).map((line) => {
    const scope = (INLINE.exec(line)?.[1] as Scope | undefined) ?? block;
    if (block && BLOCK_END.test(line)) block = undefined;
    else if (!scope) block = BLOCK_START.exec(line)?.[1] as Scope | undefined;
    if (!scope) return line;
    marked = true;
    const [pattern, value] = parts[scope];
    return line.replace(pattern, value);
  });
  if (!marked) return { text, problems: [`${file}: no line is marked x-release-please-version; left unchanged`] };
  return { text: lines.join(''), problems: [] };
}
