import path from 'node:path';
import { endWithBlankLine, parseChangelog, renderChangelog } from '../changelog/document.js';
import { RelmanError } from '../errors.js';
import { mergeTexts, readBlob, type ConflictedFile } from '../git/merge.js';
import { cleanSemver, compareVersions } from '../versioning/semver.js';
import { adapterForFileName } from '../workspace/adapters.js';

/** A conflict relman settles when a release branch merges back: how, and the file's merged text. */
export interface Resolution {
  path: string;
  kind: 'manifest' | 'changelog';
  text: string;
}

export interface ConflictOutcome {
  resolved: Resolution[];
  /** Files only a person can merge. */
  unresolved: string[];
}

/**
 * Settles the conflicts a hotfix's release leaves when its branch merges back into main ("ours"):
 * in a version manifest main's version stays and every other change merges as usual; in a
 * CHANGELOG.md both sides' sections stay, the hotfix's placed by version. Any other conflict, or a
 * manifest whose other lines conflict too, is left to a person.
 */
export async function settleConflicts(root: string, conflicts: ConflictedFile[]): Promise<ConflictOutcome> {
  const outcome: ConflictOutcome = { resolved: [], unresolved: [] };
  for (const conflict of conflicts) {
    const resolution = await settle(root, conflict);
    if (resolution) outcome.resolved.push(resolution);
    else outcome.unresolved.push(conflict.path);
  }
  return outcome;
}

async function settle(root: string, conflict: ConflictedFile): Promise<Resolution | null> {
  const { ours, theirs, base } = conflict;
  // A side that deleted the file is a decision for a person.
  if (!ours || !theirs) return null;
  const name = path.posix.basename(conflict.path);
  const [oursText, theirsText, baseText] = await Promise.all([readBlob(root, ours), readBlob(root, theirs), base ? readBlob(root, base) : null]);
  if (name === 'CHANGELOG.md') return { path: conflict.path, kind: 'changelog', text: mergeChangelogSections(oursText, theirsText) };
  const adapter = adapterForFileName(name);
  if (!adapter || baseText === null) return null;
  try {
    // Give the hotfix side and the common ancestor main's version: what is left to merge is every other change.
    const repoName = path.basename(root);
    const version = adapter.read(oursText, conflict.path, repoName).version;
    const withMainVersion = (text: string) => adapter.writeVersion(text, adapter.read(text, conflict.path, repoName), version);
    const merged = await mergeTexts(root, { ours: oursText, base: withMainVersion(baseText), theirs: withMainVersion(theirsText) });
    return merged === null ? null : { path: conflict.path, kind: 'manifest', text: merged };
  } catch (e) {
    // A side relman cannot read as a manifest is left to a person.
    if (e instanceof RelmanError) return null;
    throw e;
  }
}

/**
 * Main's changelog with the sections only the release branch has, each placed above the first of
 * main's sections with a lower version (at the end when there is none). Main's text stays as it is.
 */
export function mergeChangelogSections(ours: string, theirs: string): string {
  const doc = parseChangelog(ours);
  const known = new Set(doc.sections.map((s) => s.version));
  const sections = [...doc.sections];
  for (const added of parseChangelog(theirs).sections) {
    if (known.has(added.version)) continue;
    const below = sections.findIndex((s) => isNewer(added.version, s.version));
    if (below === -1) {
      const last = sections.pop();
      sections.push(...(last ? [{ ...last, text: endWithBlankLine(last.text) }] : []), added);
    } else {
      sections.splice(below, 0, { ...added, text: endWithBlankLine(added.text) });
    }
  }
  // A head that had no section below it yet needs a blank line before the first.
  return renderChangelog({ head: doc.sections.length ? doc.head : endWithBlankLine(doc.head), sections });
}

function isNewer(a: string, b: string): boolean {
  const [va, vb] = [cleanSemver(a), cleanSemver(b)];
  return va !== null && vb !== null && compareVersions(va, vb) > 0;
}
