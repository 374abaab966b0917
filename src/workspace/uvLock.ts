import { tomlValueAt } from '../text/toml.js';
import { table } from './tomlTables.js';
import { applySplices, arrayTableEntries, quotedSplice, readToml, type Splice, type VersionEdit } from './versionEdit.js';

/** A uv project whose locked version a release changes. */
export interface UvLockMember {
  /** Its `[project] name`, as pyproject.toml writes it. */
  name: string;
  /** Its folder relative to the lock file's folder, `.` for the same folder. */
  path: string;
  /** The new version, in PEP 440 form. */
  version: string;
}

/** uv writes names normalized as PEP 503 says: lower case, runs of `-`, `_`, `.` as one `-`. */
function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function normalizedPath(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return p === '' ? '.' : p;
}

/**
 * Sets the `version` of the `[[package]]` entries of uv.lock that are these projects: an entry with
 * the project's name whose `source` is the project's own folder (`editable`, `virtual` or
 * `directory`), so a registry package of the same name is never touched. An entry without a version
 * (a dynamic one) stays as it is; `uv sync --locked` checks exactly these versions.
 */
export function setUvLockVersions(text: string, file: string, members: readonly UvLockMember[]): VersionEdit {
  const toml = readToml(text, file);
  if ('problems' in toml) return toml;
  const { bom, body, doc } = toml;
  const entries = tomlValueAt(doc.value, ['package']);
  const splices: Splice[] = [];
  for (const [i, version] of arrayTableEntries(doc, 'package', 'version')) {
    const entry = table(Array.isArray(entries) ? entries[i] : undefined);
    const source = table(entry?.source);
    const folder = source?.editable ?? source?.virtual ?? source?.directory;
    const name = entry?.name;
    if (typeof folder !== 'string' || typeof name !== 'string' || version.valueKind !== 'string') continue;
    const member = members.find((m) => normalizedName(m.name) === normalizedName(name) && normalizedPath(m.path) === normalizedPath(folder));
    if (member) splices.push(quotedSplice(body, version.valueRange, member.version, bom));
  }
  return { text: applySplices(text, splices), problems: [] };
}
