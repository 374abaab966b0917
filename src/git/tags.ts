import { NumberColumn } from '../collections/numberColumn.js';
import { ownCopy } from '../text/ownCopy.js';
import { git, gitFields } from './run.js';

export interface GitTag {
  name: string;
  /** The commit the tag points at (peeled through an annotated tag object). */
  commit: string;
  annotated: boolean;
  /** Whether the commit is in HEAD's history: false as the ref store lists tags, then set by TagList.markMerged. */
  merged: boolean;
}

/**
 * The repository's tags as columns: a long-lived monorepo has tens of thousands, and an object and a
 * string for each would make relman's memory grow with the number of releases. A name is kept as two
 * words of a dictionary, the text before its version (`api-v`) and the rest (`1.2.0`): tens of
 * thousands of tags share a few hundred of the one and a few thousand of the other. A tag is made into
 * a GitTag only when asked for (`at`).
 */
export class TagList implements Iterable<GitTag> {
  /** Made by TagListBuilder. */
  constructor(
    private readonly words: readonly string[],
    /** Per tag, its name's words: the text before its version, and the rest. */
    private readonly heads: NumberColumn,
    private readonly rests: NumberColumn,
    /** Per tag, an index into `commitIds` (thousands of tags name far fewer commits) times 4, plus bit 0 annotated, bit 1 in HEAD's history. */
    private readonly targets: NumberColumn,
    private readonly commitIds: string[],
    /** Whether the tags come in the order of their names (JavaScript's string order), as git lists them. */
    readonly inNameOrder: boolean,
  ) {}

  static from(tags: Iterable<GitTag>): TagList {
    const builder = new TagListBuilder();
    for (const tag of tags) builder.add(tag.name, tag.commit, tag.annotated, tag.merged);
    return builder.done();
  }

  get length(): number {
    return this.targets.length;
  }

  at(i: number): GitTag {
    return { name: this.name(i), commit: this.commit(i), annotated: (this.targets.get(i) & ANNOTATED) !== 0, merged: this.merged(i) };
  }

  name(i: number): string {
    return this.head(i) + this.rest(i);
  }

  /** The text before tag i's version (all of its name when it has none), as a number of `word`. */
  headWord(i: number): number {
    return this.heads.get(i);
  }

  /** The rest of tag i's name, from where its version starts (empty when it has none), as a number of `word`. */
  restWord(i: number): number {
    return this.rests.get(i);
  }

  word(n: number): string {
    return this.words[n] as string;
  }

  /** How many words the names are made of. */
  get wordCount(): number {
    return this.words.length;
  }

  /**
   * Tag i's name against `text`, in JavaScript's string order, without making the name: below 0 when
   * it comes first, 0 when equal, above 0 when after. With `prefixOnly`, only the name's first
   * `text.length` characters are compared: 0 when the name starts with `text`.
   */
  compareName(i: number, text: string, prefixOnly = false): number {
    const head = this.head(i);
    const rest = this.rest(i);
    const length = head.length + rest.length;
    const compared = Math.min(length, text.length);
    for (let k = 0; k < compared; k++) {
      const c = k < head.length ? head.charCodeAt(k) : rest.charCodeAt(k - head.length);
      const d = text.charCodeAt(k);
      if (c !== d) return c - d;
    }
    return prefixOnly && length >= text.length ? 0 : length - text.length;
  }

  commit(i: number): string {
    return this.commitIds[this.targets.get(i) >>> FLAG_BITS] as string;
  }

  merged(i: number): boolean {
    return (this.targets.get(i) & MERGED) !== 0;
  }

  /** The commits the tags name, each once. */
  commits(): readonly string[] {
    return this.commitIds;
  }

  /** Sets, for every tag, whether HEAD's history holds it: `reaches` is asked once per commit. */
  markMerged(reaches: (commit: string) => boolean): void {
    const merged = this.commitIds.map(reaches);
    for (let i = 0; i < this.length; i++) {
      // In arithmetic, as `target` writes it: bitwise `|` and `~` would turn a value from 2³¹ negative.
      const target = this.targets.get(i);
      const unmerged = target - (target & MERGED);
      this.targets.set(i, merged[unmerged >>> FLAG_BITS] ? unmerged + MERGED : unmerged);
    }
  }

  *[Symbol.iterator](): Iterator<GitTag> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  private head(i: number): string {
    return this.word(this.heads.get(i));
  }

  private rest(i: number): string {
    return this.word(this.rests.get(i));
  }
}

const ANNOTATED = 1;
const MERGED = 2;
const FLAG_BITS = 2;

/** Fills a TagList's columns a tag at a time. */
class TagListBuilder {
  private readonly words: string[] = [];
  private readonly wordIndex = new Map<string, number>();
  private readonly heads = new NumberColumn();
  private readonly rests = new NumberColumn();
  private readonly targets = new NumberColumn();
  private lastName = '';
  private inNameOrder = true;
  private readonly commitIndex = new Map<string, number>();
  private readonly commitIds: string[] = [];

  add(name: string, commit: string, annotated: boolean, merged = false): void {
    this.addName(name);
    this.target(commit, annotated, merged);
  }

  /** Starts the next tag: its name; `target` says what it names. */
  addName(name: string): void {
    // Where a version can first start (`1.` of `i18n-v1.2.0`: the first digits followed by a dot); a
    // name without one is a word of its own. The tag index reads versions only from the rest.
    const version = name.search(/\d+\./);
    const split = version === -1 ? name.length : version;
    this.heads.push(this.word(name.slice(0, split)));
    this.rests.push(this.word(name.slice(split)));
    this.targets.push(0);
    if (name < this.lastName) this.inNameOrder = false;
    this.lastName = name;
  }

  /** Whether the tag last started is named `name`. */
  lastNamed(name: string): boolean {
    return this.targets.length > 0 && name === this.lastName;
  }

  /** What the tag last started names. */
  target(commit: string, annotated: boolean, merged = false): void {
    let c = this.commitIndex.get(commit);
    if (c === undefined) {
      // Not a view into the line it was cut from: the line is not kept.
      const id = ownCopy(commit);
      c = this.commitIds.push(id) - 1;
      this.commitIndex.set(id, c);
    }
    this.targets.set(this.targets.length - 1, c * (1 << FLAG_BITS) + (annotated ? ANNOTATED : 0) + (merged ? MERGED : 0));
  }

  done(): TagList {
    return new TagList(this.words, this.heads, this.rests, this.targets, this.commitIds, this.inNameOrder);
  }

  private word(text: string): number {
    let w = this.wordIndex.get(text);
    if (w === undefined) {
      // Not a view into the name it was cut from: the name is not kept.
      const word = ownCopy(text);
      w = this.words.push(word) - 1;
      this.wordIndex.set(word, w);
    }
    return w;
  }
}

/**
 * Every tag and the commit it names (peeled through annotated tag objects): one git call, read as it
 * streams. `git show-ref -d` takes peeled ids from packed-refs, where git keeps them, instead of
 * reading every tag object as `for-each-ref` does: ten times faster over tens of thousands of tags.
 * It prints `id refs/tags/NAME`, then `peeled refs/tags/NAME^{}` when the tag is annotated.
 */
export async function readTagRefs(root: string): Promise<TagList> {
  const tags = new TagListBuilder();
  // The id on the last tag's line: its commit, unless the next line gives the commit it peels to.
  let pending: string | null = null;
  // show-ref exits 1 when there is no tag at all.
  for await (const lines of gitFields(['show-ref', '--tags', '--dereference'], { cwd: root, okCodes: [1] }, '\n')) {
    for (const line of lines) {
      const space = line.indexOf(' ');
      if (space === -1 || !line.startsWith(TAGS, space + 1)) continue;
      if (line.endsWith(PEELED)) {
        if (pending !== null && tags.lastNamed(line.slice(space + 1 + TAGS.length, -PEELED.length))) {
          tags.target(line.slice(0, space), true);
          pending = null;
        }
        continue;
      }
      if (pending !== null) tags.target(pending, false);
      tags.addName(line.slice(space + 1 + TAGS.length));
      pending = line.slice(0, space);
    }
  }
  if (pending !== null) tags.target(pending, false);
  return tags.done();
}

const TAGS = 'refs/tags/';
const PEELED = '^{}';

/**
 * The commits of the tags in `head`'s history (a walk of the whole history). Whether HEAD reaches a
 * tag depends only on its commit, and a repository's thousands of tags name far fewer commits.
 */
export async function mergedTagCommits(root: string, head: string): Promise<Set<string>> {
  const commits = new Set<string>();
  // for-each-ref peels a tag one level; a tag of a tag (rare) is peeled to its commit afterwards.
  const nested: string[] = [];
  const args = ['for-each-ref', '--merged', head, '--format=%(if)%(*objectname)%(then)%(*objecttype) %(*objectname)%(else)%(objecttype) %(objectname)%(end)', 'refs/tags'];
  for await (const lines of gitFields(args, { cwd: root }, '\n')) {
    for (const line of lines) {
      if (line.startsWith('commit ')) {
        const id = line.slice('commit '.length);
        // Not a view into the line it was cut from: the line is not kept.
        if (!commits.has(id)) commits.add(ownCopy(id));
      } else if (line.startsWith('tag ')) nested.push(line.slice('tag '.length));
    }
  }
  if (nested.length) {
    const peeled = await git(['cat-file', '--batch-check=%(objecttype) %(objectname)'], { cwd: root, input: nested.map((id) => `${id}^{commit}\n`).join('') });
    for (const line of peeled.stdout.split('\n')) if (line.startsWith('commit ')) commits.add(line.slice('commit '.length));
  }
  return commits;
}

/** Creates an annotated tag on a commit; the message is kept as written (`#` lines are Markdown headings, not comments). */
export async function createTag(root: string, name: string, commit: string, message: string): Promise<void> {
  await git(['tag', '-a', '--cleanup=whitespace', '-F', '-', '--', name, commit], { cwd: root, input: message });
}
