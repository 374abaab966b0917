import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { manifestError, yamlError } from './errors.js';
import { lineAt } from './sourceText.js';

/**
 * The `packages` globs of a pnpm-workspace.yaml, or undefined when it lists none: pnpm 10 keeps
 * settings in this file too, so a file without `packages` does not make a workspace.
 */
export function readPnpmWorkspace(text: string, file: string): string[] | undefined {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) throw yamlError(file, text, error);
  if (doc.contents === null) return undefined;
  if (!isMap(doc.contents)) throw manifestError(file, 1, 'must be a YAML mapping');
  const packages = doc.contents.get('packages', true);
  if (packages === undefined) return undefined;
  const globs = isSeq(packages) ? packages.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : null)) : null;
  if (!globs || globs.includes(null)) {
    throw manifestError(file, lineAt(text, (packages as { range?: number[] }).range?.[0] ?? 0), 'packages must be a list of globs');
  }
  return globs as string[];
}
