import { gitBytes } from './run.js';

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
