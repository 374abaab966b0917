import picomatch from 'picomatch';

/** Globs and folders as users write them: `./packages/*`, `operators/`, `.` for the root. */
export function normalizeFolder(glob: string): string {
  const g = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return g === '' ? '.' : g;
}

/** Whether a folder (repository-relative, `.` for the root) matches one of the globs. */
export function folderMatcher(globs: readonly string[]): (folder: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch(globs.map(normalizeFolder), { dot: true });
}

/**
 * Whether a path or any folder above it matches one of the globs, as .gitignore does:
 * `examples` drops everything under examples/, not only the folder itself.
 */
export function pathOrAncestorMatcher(globs: readonly string[]): (path: string) => boolean {
  const matches = folderMatcher(globs);
  return (path) => {
    const segments = path.split('/');
    return segments.some((_, i) => matches(segments.slice(0, i + 1).join('/')));
  };
}

/** Workspace member globs (npm `workspaces`, pnpm `packages`), relative to the workspace root, with `!` negations. */
export function memberMatcher(globs: readonly string[]): (relativeFolder: string) => boolean {
  const include = folderMatcher(globs.filter((g) => !g.startsWith('!')));
  const exclude = folderMatcher(globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)));
  return (folder) => include(folder) && !exclude(folder);
}
