import { readFilesAt } from './blobs.js';
import { git } from './run.js';

export interface TagNotes {
  name: string;
  /** The commit the tag names (peeled through an annotated tag). */
  commit: string;
  /** An annotated tag's message below its first line (relman writes the release notes there); '' for a lightweight tag. */
  notes: string;
}

const RECORD_END = '\x1e';

/** The commit and the notes of each named tag that exists, in one `git for-each-ref`. */
export async function readTagNotes(root: string, names: string[]): Promise<Map<string, TagNotes>> {
  const found = new Map<string, TagNotes>();
  if (names.length === 0) return found;
  const format = `%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(contents:body)${RECORD_END}`;
  const r = await git(['for-each-ref', `--format=${format}`, ...names.map((n) => `refs/tags/${n}`)], { cwd: root });
  const wanted = new Set(names);
  for (const record of r.stdout.split(`${RECORD_END}\n`)) {
    const [name = '', type, object = '', peeled = '', body = ''] = record.split('\0');
    // A pattern also matches the tags below it (`a` matches `a/b`): keep the names asked for.
    if (!wanted.has(name)) continue;
    found.set(name, { name, commit: type === 'tag' ? peeled : object, notes: type === 'tag' ? body : '' });
  }
  return found;
}

/** The full message of a commit. */
export async function commitMessage(root: string, rev: string): Promise<string> {
  return (await git(['log', '-1', '--format=%B', rev, '--'], { cwd: root })).stdout;
}

/** A file's text as a commit has it, or null when the commit has no such file. */
export async function fileAtCommit(root: string, commit: string, file: string): Promise<string | null> {
  return (await readFilesAt(root, commit, [file])).get(file) ?? null;
}
