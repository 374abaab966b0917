import type { TomlDocument } from '../text/toml.js';

/** The value as a plain table, or undefined. */
export function table(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The line of a table's first entry, standing in for its header (the TOML document keeps no header positions). */
export function tableLine(doc: TomlDocument, path: string[]): number {
  return doc.entries.find((e) => path.every((p, i) => e.path[i] === p))?.line ?? 1;
}
