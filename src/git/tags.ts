import { git, gitRecords } from './run.js';

export interface GitTag {
  name: string;
  /** The commit the tag points at (peeled through an annotated tag object). */
  commit: string;
  annotated: boolean;
  /** Whether the commit is in HEAD's history: false as the ref store lists tags, set by who asks (HistoryReader.tags). */
  merged: boolean;
}


/** Every tag and the commit it names (peeled through an annotated tag object): one git call, read as it streams. */
export async function readTagRefs(root: string): Promise<GitTag[]> {
  const format = '%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)';
  // Each field is decoded on its own, and each commit id once: strings cut from the whole output
  // would keep all of it alive, and 80,000 tags name a few hundred commits.
  const commits = new Map<string, string>();
  const tags: GitTag[] = [];
  for await (const records of gitRecords(['for-each-ref', `--format=${format}`, 'refs/tags'], { cwd: root })) {
    for (const record of records) {
      const [name, type, object, peeled] = fieldsOf(record);
      if (!name || !object) continue;
      const id = type === 'tag' ? peeled : object;
      // A tag of a tree or blob names no release.
      if (!id || (type !== 'tag' && type !== 'commit')) continue;
      let commit = commits.get(id);
      if (commit === undefined) {
        commit = id;
        commits.set(id, id);
      }
      tags.push({ name, commit, annotated: type === 'tag', merged: false });
    }
  }
  return tags;
}

function fieldsOf(record: Buffer): string[] {
  const fields: string[] = [];
  for (let from = 0; from <= record.length; ) {
    const nul = record.indexOf(0, from);
    const to = nul === -1 ? record.length : nul;
    fields.push(record.toString('utf8', from, to));
    from = to + 1;
  }
  return fields;
}

/**
 * The commits of the tags in `head`'s history (a walk of the whole history). Whether HEAD reaches a
 * tag depends only on its commit, and a repository's thousands of tags name far fewer commits.
 */
export async function mergedTagCommits(root: string, head: string): Promise<Set<string>> {
  const commits = new Set<string>();
  const args = ['for-each-ref', '--merged', head, '--format=%(objectname)%00%(*objectname)', 'refs/tags'];
  for await (const records of gitRecords(args, { cwd: root })) {
    for (const record of records) {
      const [object, peeled] = fieldsOf(record);
      const id = peeled || object;
      if (id) commits.add(id);
    }
  }
  return commits;
}

/** Creates an annotated tag on a commit; the message is kept as written (`#` lines are Markdown headings, not comments). */
export async function createTag(root: string, name: string, commit: string, message: string): Promise<void> {
  await git(['tag', '-a', '--cleanup=whitespace', '-F', '-', '--', name, commit], { cwd: root, input: message });
}
