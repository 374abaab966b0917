import { RelmanError } from '../errors.js';
import { cleanSemver } from '../versioning/semver.js';

const MALFORMED_HINT = "fix the file, or add its folder to exclude in relman.toml";

/** A malformed manifest: the message names the file and the line. */
export function manifestError(file: string, line: number, what: string, hint = MALFORMED_HINT): RelmanError {
  return new RelmanError(`${file}:${line}: ${what}`, hint);
}

/**
 * A well-formed manifest whose version relman cannot own (dynamic, inherited from a workspace,
 * absent by design). Discovery skips it and reports it, so the CLI can warn instead of failing.
 */
export class UnversionedManifestError extends RelmanError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`, 'relman releases only packages whose manifest states a version');
    this.name = 'UnversionedManifestError';
  }
}

/** Guards a write against a version no manifest should receive. */
export function assertSemver(version: string, file: string): void {
  if (!cleanSemver(version)) throw new RelmanError(`${file}: cannot write version "${version}": it is not a semver version`);
}
