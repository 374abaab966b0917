import { closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RelmanError } from '../errors.js';

/**
 * Files relman reads and writes inside a repository. A path that leaves the repository, or a file
 * that is a symbolic link, is refused: a link could point anywhere, and relman never writes outside
 * the repository it was pointed at.
 */
function resolveInside(root: string, file: string): string {
  // A path as git lists it (relative, `/`-separated, no `.` or `..` part) is inside as it is: resolving
  // each of a monorepo's hundreds of manifests was a tenth of reading them.
  if (CLEAN_RELATIVE.test(file) && isResolved(root)) return `${root}${root.endsWith('/') ? '' : '/'}${file}`;
  const full = path.resolve(root, file);
  const rel = path.relative(root, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new RelmanError(`${file} is outside the repository ${root}`);
  return full;
}

/** Names separated by single slashes, none of them `.` or `..`, and no backslash (a separator on Windows). */
const CLEAN_RELATIVE = /^(?!\.\.?(?:\/|$))[^/\\]+(?:\/(?!\.\.?(?:\/|$))[^/\\]+)*$/;

/** Whether a root is an absolute POSIX path as path.resolve writes it: nothing in it to resolve. */
function isResolved(root: string): boolean {
  return root === '/' || (root.startsWith('/') && CLEAN_RELATIVE.test(root.slice(1)));
}

function linkError(file: string, e: unknown): unknown {
  return (e as NodeJS.ErrnoException).code === 'ELOOP' ? new RelmanError(`${file} is a symbolic link; relman does not follow links`, 'replace the link with the file itself') : e;
}

/** Reads a repository file as UTF-8; null when it does not exist. */
export async function readRepoFile(root: string, file: string): Promise<string | null> {
  return readRepoFileSync(root, file);
}

/**
 * The same, synchronously: a small file reads in microseconds so, where a trip through the thread
 * pool (open, stat, read, close) takes far longer when hundreds of manifests are read.
 */
export function readRepoFileSync(root: string, file: string): string | null {
  try {
    const fd = openSync(resolveInside(root, file), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw linkError(file, e);
  }
}

/**
 * Writes (creating or replacing) a repository file, never through a symbolic link. Synchronous for
 * the same reason as reading: a config repository update writes a thousand small files.
 */
export function writeRepoFile(root: string, file: string, text: string): void {
  try {
    const fd = openSync(resolveInside(root, file), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw linkError(file, e);
  }
}
