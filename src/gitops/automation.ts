import path from 'node:path';

/** Flux's ImageUpdateAutomation `spec.update`: which strategy, and the folder it may change. */
export interface UpdateStrategy {
  strategy?: string;
  path?: string;
}

export class UpdateStrategyError extends Error {}

/**
 * The repository-relative folder an update strategy may change ('' for the whole repository). Only
 * Flux's `Setters` strategy exists; a missing strategy is an error here, because the API server
 * defaults it before Flux reads the object (the YAML reader applies that default itself).
 */
export function updatePath(update: UpdateStrategy | null | undefined): string {
  if (!update?.strategy) throw new UpdateStrategyError('no update strategy');
  if (update.strategy !== 'Setters') throw new UpdateStrategyError(`unsupported update strategy: ${update.strategy}`);
  const normal = path.posix.normalize(update.path ?? '.').replace(/^\.\/?|\/$/g, '');
  if (normal === '..' || normal.startsWith('../') || path.posix.isAbsolute(normal)) {
    throw new UpdateStrategyError(`update path ${JSON.stringify(update.path)} is outside the repository`);
  }
  return normal;
}

/** Whether a repository-relative file lies under one of the folders (all files when there are none). */
export function inPaths(file: string, folders: readonly string[]): boolean {
  return folders.length === 0 || folders.some((f) => f === '' || file === f || file.startsWith(`${f}/`));
}

/** An ImageUpdateAutomation as relman reads it. */
export interface Automation {
  /** The repository-relative file that declares it. */
  file: string;
  /** The folder it may change ('' for the whole repository). */
  path: string;
  /** `spec.suspend: true`: Flux runs it no more. */
  suspended: boolean;
}

/**
 * Whether the automations let a file change: any file when there are none, else one under the path of
 * an automation that is not suspended, since a suspended one changes nothing.
 */
export function automated(file: string, automations: readonly Automation[]): boolean {
  if (!automations.length) return true;
  const active = automations.filter((a) => !a.suspended).map((a) => a.path);
  return active.length > 0 && inPaths(file, active);
}
