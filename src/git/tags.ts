import { git, gitBytes, gitOut } from './run.js';

export interface GitTag {
  name: string;
  /** The commit the tag points at (peeled through an annotated tag object). */
  commit: string;
  annotated: boolean;
  /** Whether the commit is in HEAD's history. */
  merged: boolean;
}

/** A tag as the ref store holds it; whether HEAD reaches it is a separate, slower question (mergedTagNames). */
export type TagRef = Omit<GitTag, 'merged'>;

/** Every tag, with the commit it names and whether HEAD reaches it: two git calls for any number of tags. */
export async function listTags(root: string, head: string | null): Promise<GitTag[]> {
  const [refs, merged] = await Promise.all([readTagRefs(root), head ? mergedTagNames(root, head) : new Set<string>()]);
  return refs.map((t) => tagWithReach(t, merged.has(t.name)));
}

/**
 * The tag with whether HEAD reaches it. Spelled out rather than spread: V8 gives each object spread
 * from another a hidden class of its own, some 200 bytes a tag in a repository with 80,000 tags.
 */
export function tagWithReach(ref: TagRef, merged: boolean): GitTag {
  return { name: ref.name, commit: ref.commit, annotated: ref.annotated, merged };
}

/** Every tag and the commit it names (peeled through an annotated tag object): one git call. */
export async function readTagRefs(root: string): Promise<TagRef[]> {
  const format = '%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)';
  const { stdout } = await gitBytes(['for-each-ref', `--format=${format}`, 'refs/tags'], { cwd: root });
  // Each field is decoded on its own, and each commit id once: strings cut from the whole output
  // would keep all of it alive, and 80,000 tags name a few hundred commits.
  const commits = new Map<string, string>();
  const tags: TagRef[] = [];
  for (let start = 0; start < stdout.length; ) {
    const newline = stdout.indexOf(10, start);
    const end = newline === -1 ? stdout.length : newline;
    const [name, type, object, peeled] = fieldsOf(stdout, start, end);
    start = end + 1;
    if (!name || !object) continue;
    const id = type === 'tag' ? peeled : object;
    // A tag of a tree or blob names no release.
    if (!id || (type !== 'tag' && type !== 'commit')) continue;
    let commit = commits.get(id);
    if (commit === undefined) {
      commit = id;
      commits.set(id, id);
    }
    tags.push({ name, commit, annotated: type === 'tag' });
  }
  return tags;
}

function fieldsOf(bytes: Buffer, start: number, end: number): string[] {
  const fields: string[] = [];
  for (let from = start; from <= end; ) {
    const nul = bytes.indexOf(0, from);
    const to = nul === -1 || nul > end ? end : nul;
    fields.push(bytes.toString('utf8', from, to));
    from = to + 1;
  }
  return fields;
}

/** The names of the tags whose commits are in `head`'s history (a walk of the whole history). */
export async function mergedTagNames(root: string, head: string): Promise<Set<string>> {
  const out = await gitOut(['for-each-ref', '--merged', head, '--format=%(refname:strip=2)', 'refs/tags'], { cwd: root });
  return new Set(out.split('\n').filter(Boolean));
}

/** Creates an annotated tag on a commit; the message is kept as written (`#` lines are Markdown headings, not comments). */
export async function createTag(root: string, name: string, commit: string, message: string): Promise<void> {
  await git(['tag', '-a', '--cleanup=whitespace', '-F', '-', '--', name, commit], { cwd: root, input: message });
}
