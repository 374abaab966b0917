import { tomlValueAt } from '../text/toml.js';
import { table } from './tomlTables.js';
import { applySplices, arrayTableEntries, quotedSplice, readToml, type Splice, type VersionEdit } from './versionEdit.js';

/** A crate of the repository whose locked version a release changes. */
export interface LockedCrate {
  name: string;
  from: string;
  to: string;
}

/**
 * Sets the `version` of the `[[package]]` entries of Cargo.lock that are these crates: the entries
 * with the crate's name and no `source`, which is how Cargo locks a workspace member or path crate (a
 * crate from a registry or git always has one). Where two such entries share a name, only the one at
 * the current version is the crate; Cargo then names it `"name version"` in `dependencies` lists, and
 * those references change with it.
 */
export function setCargoLockVersions(text: string, file: string, crates: readonly LockedCrate[]): VersionEdit {
  const toml = readToml(text, file);
  if ('problems' in toml) return toml;
  const { bom, body, doc } = toml;
  const packages = tomlValueAt(doc.value, ['package']);
  const entries = Array.isArray(packages) ? packages.map((p) => table(p)) : [];
  const local = (name: string) => entries.filter((e) => e && e.name === name && e.source === undefined);
  const splices: Splice[] = [];
  const renamed: LockedCrate[] = [];
  for (const [i, version] of arrayTableEntries(doc, 'package', 'version')) {
    const entry = entries[i];
    const crate = crates.find((c) => entry?.name === c.name && entry.source === undefined);
    if (!crate || version.valueKind !== 'string') continue;
    const namesakes = local(crate.name).length;
    if (namesakes > 1 && entry?.version !== crate.from) continue;
    splices.push(quotedSplice(body, version.valueRange, crate.to, bom));
    if (namesakes > 1) renamed.push(crate);
  }
  for (const dependencies of arrayTableEntries(doc, 'package', 'dependencies').values()) {
    const [start, end] = dependencies.valueRange;
    for (const crate of renamed) {
      const reference = JSON.stringify(`${crate.name} ${crate.from}`);
      for (let at = body.indexOf(reference, start); at !== -1 && at < end; at = body.indexOf(reference, at + 1)) {
        splices.push({ start: at + bom, end: at + bom + reference.length, value: JSON.stringify(`${crate.name} ${crate.to}`) });
      }
    }
  }
  return { text: applySplices(text, splices), problems: [] };
}
