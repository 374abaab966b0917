import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { RelmanError } from '../errors.js';
import { parseTomlDocument, type TomlDocument, type TomlEntry } from '../text/toml.js';
import { lineAt, splitBom } from './sourceText.js';

/**
 * What every editor of a file that holds a released package's version (a lock file, a version
 * variable, a marked line) shares: the versions it changes, and the answer it gives.
 */

/** One form of the change a release makes: `from` the current version `to` the new one. */
export interface VersionChange {
  from: string;
  to: string;
}

/**
 * The change in each form a file may hold the version in, the manifest's own form first: a Python
 * package's `1.0.0rc1 → 1.0.0rc2` and then its semver twin `1.0.0-rc.1 → 1.0.0-rc.2`.
 */
export type VersionForms = readonly VersionChange[];

/** An editor's answer: the new text, and each place it could not update (`file:line: why`). */
export interface VersionEdit {
  text: string;
  problems: string[];
}

/** A version as files write it: semver (`1.2.0-rc.1+build`) or PEP 440 (`1.2.0rc1`, `1.2.0.dev3`). */
export const VERSION_PATTERN = String.raw`\d+\.\d+\.\d+(?:(?:a|b|rc)\d+(?:\.dev\d+)?|\.dev\d+|-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`;

/**
 * What a version found in a file becomes: the new version in the form it was written in (the
 * manifest's form when it is not the current version in any form); `done` when it already is the new one.
 */
export function changeOf(value: string, forms: VersionForms): { to: string; current: boolean } | 'done' {
  if (forms.some((f) => f.to === value && f.from !== value)) return 'done';
  const form = forms.find((f) => f.from === value);
  return { to: (form ?? forms[0])?.to ?? value, current: form !== undefined };
}

/** One replacement of `text[start, end)`. */
export interface Splice {
  start: number;
  end: number;
  value: string;
}

/** Applies non-overlapping splices, from the last back so earlier offsets stay valid. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  return [...splices].sort((a, b) => b.start - a.start).reduce((out, s) => out.slice(0, s.start) + s.value + out.slice(s.end), text);
}

/** The 1-based line of each offset, counted in one pass. */
export function lineOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The splice that puts `value` between the quotes of the string literal at `range` of `body`, which starts `offset` into the file. */
export function quotedSplice(body: string, range: readonly [number, number], value: string, offset = 0): Splice {
  const quote = /^("""|'''|"|')/.exec(body.slice(range[0], range[1]))?.[1]?.length ?? 0;
  return { start: range[0] + quote + offset, end: range[1] - quote + offset, value };
}

/** `key` of each `[[array]]` table of a TOML document that states it, by the table's index. */
export function arrayTableEntries(doc: TomlDocument, array: string, key: string): Map<number, TomlEntry> {
  const found = new Map<number, TomlEntry>();
  for (const e of doc.entries) {
    if (e.path.length === 3 && e.path[0] === array && typeof e.path[1] === 'number' && e.path[2] === key) found.set(e.path[1], e);
  }
  return found;
}

/** The answer for a file that does not parse: it is not relman's own, so it is left as it is and reported. */
export function unparsed(error: unknown, text: string): VersionEdit {
  if (!(error instanceof RelmanError)) throw error;
  return { text, problems: [`${error.message}; left unchanged`] };
}

/** A TOML file parsed past its byte order mark (offsets in `body` are `bom` short of the file's), or the answer when it does not parse. */
export function readToml(text: string, file: string): { bom: number; body: string; doc: TomlDocument } | VersionEdit {
  const { bom, body } = splitBom(text);
  try {
    return { bom, body, doc: parseTomlDocument(body, file) };
  } catch (e) {
    return unparsed(e, text);
  }
}

/** A JSON file not relman's own, parsed past its byte order mark, or the answer when it does not parse. */
export function readJson(text: string, file: string): { bom: number; root: Node } | VersionEdit {
  const { bom, body } = splitBom(text);
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: false, allowTrailingComma: true });
  const error = errors[0];
  if (error || !root) return { text, problems: [`${file}:${lineAt(body, error?.offset ?? 0)}: invalid JSON: ${error ? printParseErrorCode(error.error) : 'empty'}; left unchanged`] };
  return { bom, root };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
