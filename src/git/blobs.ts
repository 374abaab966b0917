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
 * Stores these texts in the object database as one pack (`git fast-import`), so that staging a
 * thousand files just written with them does not create a thousand loose object files, which is most
 * of what `git add` spends. Staging still hashes each file as it always does (filters, line endings):
 * a blob stored here that it does not want is left for `git gc` to prune.
 */
export async function packBlobs(root: string, texts: readonly string[]): Promise<void> {
  const parts: Buffer[] = [];
  for (const text of texts) {
    const bytes = Buffer.from(text, 'utf8');
    parts.push(Buffer.from(`blob\ndata ${bytes.length}\n`), bytes, Buffer.from('\n'));
  }
  parts.push(Buffer.from('done\n'));
  // However few, the blobs stay packed: writing them loose is the cost this saves.
  await git(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--done'], { cwd: root, input: Buffer.concat(parts) });
}
