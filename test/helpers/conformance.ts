import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this checkout is; `../shared/conformance` beside it holds Flux's test vectors. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const conformanceDir = path.resolve(repoRoot, '../shared/conformance');

export function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(conformanceDir, file), 'utf8')) as T;
}
