import { posix } from 'node:path';
import { cleanSemver } from '../versioning/semver.js';
import { RelmanError } from '../errors.js';
import { UnversionedManifestError, assertSemver, manifestError } from './errors.js';
import { lineAt, replaceRange } from './sourceText.js';
import type { Manifest, ManifestAdapter, ManifestKind } from './types.js';

/** The version's span: the file's content without surrounding whitespace (a byte order mark counts as such), which a write keeps. */
function locate(text: string): { start: number; end: number } {
  const start = text.length - text.trimStart().length;
  return { start, end: text.trimEnd().length };
}

/** The name is the folder's; at the repository root, `repoName` (the repository folder's name). */
function read(text: string, file: string, repoName?: string, kind: ManifestKind = 'version-file'): Manifest {
  const folder = posix.dirname(file);
  const name = folder === '.' ? repoName : posix.basename(folder);
  if (!name) throw new Error(`reading ${file} at the repository root needs the repository's name`);
  const { start, end } = locate(text);
  const rawVersion = text.slice(start, end);
  const line = lineAt(text, start);
  if (!rawVersion) throw manifestError(file, 1, 'is empty: a VERSION file holds one version');
  const version = cleanSemver(rawVersion);
  if (!version) throw manifestError(file, line, `version "${rawVersion}" is not a version`, 'a VERSION file holds one semver version, such as 1.2.0');
  return { kind, file, name, rawVersion, version, line };
}

function writeVersion(text: string, manifest: Manifest, version: string): string {
  assertSemver(version, manifest.file);
  const { start, end } = locate(text);
  if (end <= start) throw manifestError(manifest.file, 1, 'is empty: a VERSION file holds one version');
  return replaceRange(text, start, end, version);
}

export const versionFile: ManifestAdapter = { kind: 'version-file', fileName: 'VERSION', read: (text, file, repoName) => read(text, file, repoName), writeVersion };

/**
 * release-please's `simple` release type keeps the version alone in version.txt, the same form as
 * VERSION. A version.txt is a common name for other things too, so one that holds no version is skipped,
 * not an error.
 */
export const versionTxt: ManifestAdapter = {
  kind: 'version.txt',
  fileName: 'version.txt',
  read(text, file, repoName) {
    try {
      return read(text, file, repoName, 'version.txt');
    } catch (e) {
      if (e instanceof RelmanError) throw new UnversionedManifestError(file, undefined, 'holds no version');
      throw e;
    }
  },
  writeVersion,
};
