import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import { RelmanError } from '../errors.js';

/** One `key = value` of a TOML document, by its full dotted path, with where it stands. */
export interface TomlEntry {
  path: (string | number)[];
  line: number;
  /** Character offsets of the value in the source. */
  valueRange: [number, number];
  /** The value's node kind: a plain string value keeps its quote style when rewritten. */
  valueKind: 'string' | 'other';
}

export interface TomlDocument {
  file: string;
  text: string;
  value: Record<string, unknown>;
  entries: TomlEntry[];
}

/** Parses TOML keeping source positions, so errors name a line and edits touch only one value. */
export function parseTomlDocument(text: string, file: string): TomlDocument {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text);
  } catch (e) {
    const err = e as { lineNumber?: number; message?: string };
    const line = err.lineNumber ? `:${err.lineNumber}` : '';
    throw new RelmanError(`${file}${line}: invalid TOML: ${(err.message ?? String(e)).replace(/^Parse error[^:]*: /, '')}`);
  }
  const entries: TomlEntry[] = [];
  const top = ast.body[0];
  for (const node of top?.body ?? []) {
    if (node.type === 'TOMLKeyValue') collect(node, [], entries);
    else for (const kv of node.body) collect(kv, node.resolvedKey, entries);
  }
  return { file, text, value: getStaticTOMLValue(ast) as Record<string, unknown>, entries };
}

function collect(kv: AST.TOMLKeyValue, table: (string | number)[], out: TomlEntry[]): void {
  const path = [...table, ...kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value))];
  const v = kv.value;
  out.push({
    path,
    line: kv.loc.start.line,
    valueRange: v.range,
    valueKind: v.type === 'TOMLValue' && v.kind === 'string' ? 'string' : 'other',
  });
  if (v.type === 'TOMLInlineTable') for (const inner of v.body) collect(inner, path, out);
}

export function findEntry(doc: TomlDocument, path: (string | number)[]): TomlEntry | undefined {
  return doc.entries.find((e) => e.path.length === path.length && e.path.every((p, i) => p === path[i]));
}

/** Replaces the characters of one string value, keeping its quotes and everything else byte for byte. */
export function replaceTomlString(doc: TomlDocument, entry: TomlEntry, value: string): string {
  const [start, end] = entry.valueRange;
  const raw = doc.text.slice(start, end);
  const quote = raw.startsWith("'") ? "'" : '"';
  return doc.text.slice(0, start) + quote + value + quote + doc.text.slice(end);
}

/** The value at a path of plain tables, or undefined. */
export function tomlValueAt(value: unknown, path: string[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
