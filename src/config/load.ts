import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RelmanError } from '../errors.js';
import { parseTomlDocument, type TomlDocument } from '../text/toml.js';
import { CONFIG_SHAPE, DEFAULT_CONFIG, type Config, type Shape } from './schema.js';

export const CONFIG_FILE = 'relman.toml';

/** Reads relman.toml at the repository root, or the defaults when there is none. */
export async function loadConfig(root: string): Promise<Config> {
  const file = path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(DEFAULT_CONFIG);
    throw new RelmanError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return parseConfig(text, CONFIG_FILE);
}

export function parseConfig(text: string, file: string): Config {
  const doc = parseTomlDocument(text, file);
  validate(doc.value, CONFIG_SHAPE, [], doc);
  for (const [i, pattern] of ((doc.value.releaseCommits as string[] | undefined) ?? []).entries()) {
    try {
      new RegExp(pattern);
    } catch (e) {
      throw configError(doc, ['releaseCommits', i], `is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  const v = doc.value as Partial<Config>;
  return {
    ...structuredClone(DEFAULT_CONFIG),
    ...v,
    file,
    sync: { ...DEFAULT_CONFIG.sync, ...v.sync },
    notify: { ...v.notify },
    gitops: { ...DEFAULT_CONFIG.gitops, ...v.gitops },
  };
}

function validate(value: unknown, shape: Shape, at: (string | number)[], doc: TomlDocument): void {
  const fail = (what: string): never => {
    throw configError(doc, at, what);
  };
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') fail('must be a string');
      if (shape.oneOf && !shape.oneOf.includes(value as string)) fail(`must be one of ${shape.oneOf.map((o) => `"${o}"`).join(', ')}`);
      return;
    case 'strings':
      if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) fail('must be an array of strings');
      return;
    case 'table': {
      if (!isTable(value)) return fail('must be a table');
      for (const [key, v] of Object.entries(value)) {
        const inner = shape.keys[key];
        if (!inner) throw configError(doc, [...at, key], `is not a known key${suggestion(key, Object.keys(shape.keys))}`);
        validate(v, inner, [...at, key], doc);
      }
      for (const key of shape.required ?? []) if (!(key in value)) fail(`needs a "${key}" key`);
      return;
    }
    case 'map':
      if (!isTable(value)) return fail('must be a table');
      for (const [key, v] of Object.entries(value)) validate(v, shape.of, [...at, key], doc);
      return;
    case 'tables':
      if (!Array.isArray(value)) return fail('must be an array of tables ([[...]])');
      value.forEach((v, i) => validate(v, shape.of, [...at, i], doc));
      return;
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function suggestion(key: string, known: string[]): string {
  const close = known.find((k) => k.toLowerCase() === key.toLowerCase() || k.toLowerCase().replace(/[-_]/g, '') === key.toLowerCase().replace(/[-_]/g, ''));
  return close ? ` (did you mean "${close}"?)` : ` (known keys: ${known.join(', ')})`;
}

/** An error naming the file, the line where the key stands, and the key. */
function configError(doc: TomlDocument, at: (string | number)[], what: string): RelmanError {
  const line = lineOf(doc, at);
  const key = at.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p))).join('.').replace(/\.\[/g, '[');
  return new RelmanError(`${doc.file}${line ? `:${line}` : ''}: ${key || 'the file'} ${what}`, `see the configuration reference in relman's README`);
}

function lineOf(doc: TomlDocument, at: (string | number)[]): number | null {
  // The entry itself, or the first entry inside it (a table named by its header).
  const hit = doc.entries.find((e) => at.every((p, i) => e.path[i] === p));
  return hit ? hit.line : null;
}
