import type { Node } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { splitBom } from './sourceText.js';
import { applySplices, changeOf, lineOf, readJson, readToml, VERSION_PATTERN, type Splice, type VersionEdit, type VersionForms } from './versionEdit.js';

/** A step of a JSONPath: a key, an index, `*` (any child) or `..` (any depth, zero steps included). */
export type PathStep = { key: string } | { index: number } | { any: true } | { descend: true };

/** The file kinds a value is found in by its path. */
export type DocumentKind = 'json' | 'yaml' | 'toml';

/** A string value of a document: where it stands, and the range of its literal (quotes included) in the file. */
interface StringValue {
  path: (string | number)[];
  start: number;
  end: number;
}

const STEP = /^(?:\.\.|\.(\*|[A-Za-z_$][\w$-]*)|\[(\*|\d+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\])/;

/**
 * The JSONPath subset release-please's `extra-files` use (`$.version`, `$.packages[0].version`,
 * `$['tool']["poetry"].version`, `$.*.version`, `$..version`) as steps, or null for any other form.
 */
export function parseJsonPath(expression: string): PathStep[] | null {
  if (!expression.startsWith('$')) return null;
  const steps: PathStep[] = [];
  for (let rest = expression.slice(1); rest !== ''; ) {
    const m = STEP.exec(rest);
    if (!m) return null;
    rest = rest.slice(m[0].length);
    const key = m[1] ?? m[2];
    if (m[0] === '..') {
      steps.push({ descend: true });
      // `..key` is `..` then the key.
      if (/^[A-Za-z_$]/.test(rest)) rest = `.${rest}`;
    } else if (key === '*') steps.push({ any: true });
    else if (key !== undefined && /^\d+$/.test(key) && m[2] !== undefined) steps.push({ index: Number(key) });
    else if (key !== undefined) steps.push({ key: /^['"]/.test(key) ? (JSON.parse(`"${key.slice(1, -1).replace(/\\'/g, "'")}"`) as string) : key });
  }
  return steps;
}

/** A dotted TOML key path (python-semantic-release's `version_toml`: `tool.poetry.version`) as steps. */
export function dottedPath(path: string): PathStep[] {
  return path.split('.').map((key) => ({ key }));
}

function matches(steps: readonly PathStep[], path: readonly (string | number)[]): boolean {
  const [step, ...rest] = steps;
  if (!step) return path.length === 0;
  if ('descend' in step) return path.some((_, i) => matches(rest, path.slice(i))) || matches(rest, []);
  const [head, ...tail] = path;
  if (head === undefined) return false;
  const fits = 'any' in step || ('key' in step ? step.key === String(head) : step.index === head);
  return fits && matches(rest, tail);
}

function jsonStrings(node: Node, path: (string | number)[], bom: number, out: StringValue[]): void {
  if (node.type === 'string') out.push({ path, start: node.offset + bom, end: node.offset + node.length + bom });
  else if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key && value) jsonStrings(value, [...path, key.value as string], bom, out);
    }
  } else if (node.type === 'array') (node.children ?? []).forEach((child, i) => jsonStrings(child, [...path, i], bom, out));
}

function yamlStrings(node: unknown, path: (string | number)[], bom: number, out: StringValue[]): void {
  if (isScalar(node) && typeof node.value === 'string' && node.range) out.push({ path, start: node.range[0] + bom, end: node.range[1] + bom });
  else if (isMap(node)) {
    for (const pair of node.items) yamlStrings(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)], bom, out);
  } else if (isSeq(node)) node.items.forEach((item, i) => yamlStrings(item, [...path, i], bom, out));
}

/** Every string value of the document, or the answer when it does not parse. */
function stringValues(text: string, file: string, kind: DocumentKind): StringValue[] | VersionEdit {
  const out: StringValue[] = [];
  if (kind === 'json') {
    const json = readJson(text, file);
    if ('problems' in json) return json;
    jsonStrings(json.root, [], json.bom, out);
  } else if (kind === 'toml') {
    const toml = readToml(text, file);
    if ('problems' in toml) return toml;
    for (const e of toml.doc.entries) if (e.valueKind === 'string') out.push({ path: e.path, start: e.valueRange[0] + toml.bom, end: e.valueRange[1] + toml.bom });
  } else {
    const { bom, body } = splitBom(text);
    const docs: Document.Parsed[] = parseAllDocuments(body);
    const error = docs.flatMap((d) => d.errors)[0];
    if (error) return { text, problems: [`${file}:${lineOf(body)(error.pos[0])}: invalid YAML; left unchanged`] };
    for (const doc of docs) yamlStrings(doc.contents, [], bom, out);
  }
  return out;
}

/**
 * Sets the version in the string values a path names (every document of a YAML file), as
 * release-please's json, yaml and toml `extra-files` and python-semantic-release's `version_toml` do:
 * the first version inside each string becomes the new one (`^1.2.0` → `^1.3.0`). The path says where
 * the version is, so whatever version it holds is replaced. `where` names the path in reports.
 */
export function setVersionsAt(text: string, file: string, kind: DocumentKind, steps: readonly PathStep[], where: string, forms: VersionForms): VersionEdit {
  const values = stringValues(text, file, kind);
  if (!Array.isArray(values)) return values;
  const line = lineOf(text);
  const version = new RegExp(VERSION_PATTERN);
  const splices: Splice[] = [];
  const problems: string[] = [];
  const named = values.filter((v) => matches(steps, v.path));
  for (const value of named) {
    const m = version.exec(text.slice(value.start, value.end));
    const change = m ? changeOf(m[0], forms) : undefined;
    if (!m || !change) problems.push(`${file}:${line(value.start)}: ${where} holds no version; left unchanged`);
    else if (change !== 'done') splices.push({ start: value.start + m.index, end: value.start + m.index + m[0].length, value: change.to });
  }
  if (named.length === 0) problems.push(`${file}: no string value at ${where}; left unchanged`);
  return { text: applySplices(text, splices), problems };
}
