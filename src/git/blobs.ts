import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { git, gitBytes } from './run.js';

/**
 * The content of files as committed in a revision (null where the revision has no such file), read
 * with one `git cat-file --batch` however many files there are.
 */
export async function readFilesAt(root: string, rev: string, files: string[]): Promise<Map<string, string | null>> {
  if (files.length === 0) return new Map();
  const { stdout } = await gitBytes(['cat-file', '--batch'], { cwd: root, input: files.map((f) => `${rev}:${f}\n`).join('') });
  return parseBatch(stdout, files);
}

/** Reads `<sha> <type> <size>\n<content>\n` records, or `<name> missing\n`, in the order asked. */
function parseBatch(out: Buffer, files: string[]): Map<string, string | null> {
  const result = new Map<string, string | null>();
  let at = 0;
  for (const file of files) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      result.set(file, null);
      continue;
    }
    const size = Number(m[2]);
    result.set(file, m[1] === 'blob' ? out.subarray(at, at + size).toString('utf8') : null);
    at += size + 1;
  }
  return result;
}

/**
 * Stores the files' current contents in the object database as one pack (`git fast-import`), so that
 * staging a thousand files after a config repository update does not create a thousand loose object
 * files, which is most of what `git add` spends. Staging still hashes each file as it always does
 * (filters, line endings): a blob stored here that it does not want is left for `git gc` to prune.
 */
export async function packWorkingFiles(root: string, files: string[]): Promise<void> {
  const parts: Buffer[] = [];
  for (const file of files) {
    const bytes = workingFile(root, file);
    if (!bytes) continue;
    parts.push(Buffer.from(`blob\ndata ${bytes.length}\n`), bytes, Buffer.from('\n'));
  }
  parts.push(Buffer.from('done\n'));
  // However few, the blobs stay packed: writing them loose is the cost this saves.
  await git(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--done'], { cwd: root, input: Buffer.concat(parts) });
}

/** A file's bytes as the working tree has them; null for what staging deals with itself (a link, a missing file). */
function workingFile(root: string, file: string): Buffer | null {
  if (path.isAbsolute(file) || file.split('/').includes('..')) return null;
  let fd: number;
  try {
    fd = openSync(path.join(root, file), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
