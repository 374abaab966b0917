import { git, gitOut } from './run.js';

export interface GitTag {
  name: string;
  /** The commit the tag points at (peeled through an annotated tag object). */
  commit: string;
  annotated: boolean;
  /** Whether the commit is in HEAD's history. */
  merged: boolean;
}

/** Every tag, with the commit it names and whether HEAD reaches it: two git calls for any number of tags. */
export async function listTags(root: string, head: string | null): Promise<GitTag[]> {
  const format = '%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)';
  const [all, merged] = await Promise.all([
    gitOut(['for-each-ref', `--format=${format}`, 'refs/tags'], { cwd: root }),
    head ? gitOut(['for-each-ref', '--merged', head, '--format=%(refname:strip=2)', 'refs/tags'], { cwd: root }) : Promise.resolve(''),
  ]);
  const reachable = new Set(merged.split('\n').filter(Boolean));
  const tags: GitTag[] = [];
  for (const line of all.split('\n')) {
    const [name, type, object, peeled] = line.split('\0');
    if (!name || !object) continue;
    const commit = type === 'tag' ? peeled : object;
    // A tag of a tree or blob names no release.
    if (!commit || (type !== 'tag' && type !== 'commit')) continue;
    tags.push({ name, commit, annotated: type === 'tag', merged: reachable.has(name) });
  }
  return tags;
}

/** Creates an annotated tag on a commit; the message is kept as written (`#` lines are Markdown headings, not comments). */
export async function createTag(root: string, name: string, commit: string, message: string): Promise<void> {
  await git(['tag', '-a', '--cleanup=whitespace', '-F', '-', '--', name, commit], { cwd: root, input: message });
}

/** The best common ancestors of several commits (`git merge-base --octopus --all`). */
export async function commonAncestors(root: string, commits: string[]): Promise<string[]> {
  if (commits.length === 1) return commits;
  const r = await git(['merge-base', '--octopus', '--all', ...commits], { cwd: root, okCodes: [1] });
  return r.stdout.split('\n').filter(Boolean);
}
