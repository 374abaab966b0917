import { isMap, isScalar, parseDocument, type Document, type Scalar } from 'yaml';
import { cleanSemver } from '../versioning/semver.js';
import { assertSemver, manifestError, yamlError } from './errors.js';
import { lineAt, replaceQuoted, replaceRange } from './sourceText.js';
import type { Manifest, ManifestAdapter } from './types.js';

interface Located {
  name: string;
  node: Scalar;
  /** The version's characters: inside the quotes of a quoted scalar. */
  raw: string;
  line: number;
}

function locate(text: string, file: string): Located {
  const doc: Document = parseDocument(text);
  const error = doc.errors[0];
  if (error) throw yamlError(file, text, error);
  if (!isMap(doc.contents)) throw manifestError(file, 1, 'must be a YAML mapping');
  const top = doc.contents;
  const scalarAt = (key: string): Scalar | undefined => {
    const pair = top.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) return undefined;
    const line = lineAt(text, (isScalar(pair.key) && pair.key.range?.[0]) || 0);
    // Block scalars (`|`, `>`) carry a header and indentation that a version never needs.
    if (!isScalar(pair.value) || !pair.value.range || !['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'].includes(pair.value.type ?? '')) {
      throw manifestError(file, line, `${key} must be a plain or quoted string`);
    }
    return pair.value;
  };

  const nameNode = scalarAt('name');
  if (!nameNode || String(nameNode.value ?? '') === '') throw manifestError(file, 1, 'has no name');
  const node = scalarAt('version');
  if (!node) throw manifestError(file, 1, 'has no version');
  const [start, end] = node.range as [number, number, number];
  const quoted = node.type !== 'PLAIN';
  return { name: String(nameNode.value), node, raw: text.slice(start + (quoted ? 1 : 0), end - (quoted ? 1 : 0)), line: lineAt(text, start) };
}

function read(text: string, file: string): Manifest {
  const { name, raw, line } = locate(text, file);
  const version = cleanSemver(raw);
  if (!version) throw manifestError(file, line, `version "${raw}" is not a version`, 'Helm chart versions are semver: 1.2.0, 1.2.0-rc.1');
  return { kind: 'chart', file, name, rawVersion: raw, version, line };
}

function writeVersion(text: string, manifest: Manifest, version: string): string {
  assertSemver(version, manifest.file);
  const { node } = locate(text, manifest.file);
  const [start, end] = node.range as [number, number, number];
  return node.type === 'PLAIN' ? replaceRange(text, start, end, version) : replaceQuoted(text, start, end, version);
}

export const chartYaml: ManifestAdapter = { kind: 'chart', fileName: 'Chart.yaml', read, writeVersion };
