import type { YAMLError } from 'yaml';
import { RelmanError } from '../errors.js';
import { cleanSemver } from '../versioning/semver.js';
import { lineAt } from './sourceText.js';

const MALFORMED_HINT = "fix the file, or add its folder to exclude in relman.toml";

/** A malformed manifest: the message names the file and the line. */
export function manifestError(file: string, line: number, what: string, hint = MALFORMED_HINT): RelmanError {
  return new RelmanError(`${file}:${line}: ${what}`, hint);
}

/** A YAML parse error at its line, without the position the parser repeats in its message. */
export function yamlError(file: string, text: string, error: YAMLError): RelmanError {
  const what = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
  return manifestError(file, lineAt(text, error.pos[0]), `invalid YAML: ${what}`);
}

/**
 * Why a manifest has no version by design, so that discovery need not warn: a workspace root (a Cargo
 * virtual manifest, a uv workspace root without [project]), or a workspace member whose version is the
 * workspace's (warned about only when no package above it states that version).
 */
export type UnversionedByDesign = 'workspace-root' | 'workspace-member';

/**
 * A well-formed manifest whose version relman cannot own (dynamic, inherited from a workspace,
 * absent by design). Discovery skips it and reports it, so the CLI can warn instead of failing.
 */
export class UnversionedManifestError extends RelmanError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
    readonly byDesign?: UnversionedByDesign,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`, 'relman releases only packages whose manifest states a version');
    this.name = 'UnversionedManifestError';
  }
}

/** Guards a write against a version no manifest should receive. */
export function assertSemver(version: string, file: string): void {
  if (!cleanSemver(version)) throw new RelmanError(`${file}: cannot write version "${version}": it is not a semver version`);
}
