/** Set by the bundle (scripts/build.mjs) from package.json. */
declare const RELMAN_VERSION: string;

/** relman's version (a function: running from the sources, as the tests of modules do, it is not defined). */
export function relmanVersion(): string {
  return RELMAN_VERSION;
}

/** Whether relman's first argument asks for its version. */
export function asksForVersion(name: string | undefined): boolean {
  return name === '--version' || name === '-v' || name === 'version';
}
