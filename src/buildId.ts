/** Set by the bundle (scripts/build.mjs): a hash of the sources it was built from. */
declare const RELMAN_BUILD: string;

/**
 * The build of relman that runs, or null when it runs from its sources (the tests of modules). What
 * relman keeps on disk from what it computed is used only by the build that computed it.
 */
export const BUILD_ID: string | null = typeof RELMAN_BUILD === 'string' ? RELMAN_BUILD : null;
