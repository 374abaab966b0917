import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, YAMLSeq } from 'yaml';
import { RelmanError } from '../errors.js';
import { formatRepository, parseImageRepository, type ImageRepository } from './imageRef.js';
import { YamlFile, YamlFileError } from './yamlFile.js';

/**
 * Image tags taken out of service by `relman gitops rollback`, recorded in the config repository so
 * every later update (by anyone) skips them, with when and why. The registry is never touched.
 */
export const WITHDRAWN_FILE = '.relman/withdrawn.yaml';

export interface Withdrawal {
  /** The image as the policy names it. */
  image: string;
  tag: string;
  /** The policy whose rollback withdrew it. */
  policy: string;
  /** ISO 8601 time. */
  at: string;
  reason: string;
}

const HEADER = `# Image tags withdrawn by \`relman gitops rollback\`: \`relman gitops update\` never deploys them.
# \`relman gitops restore POLICY TAG\` takes one back. The registry still holds every image.
`;

export interface Withdrawals {
  entries: Withdrawal[];
  /** The file's text, null when there is none yet. */
  text: string | null;
}

export async function readWithdrawals(root: string): Promise<Withdrawals> {
  let text: string;
  try {
    text = await readFile(path.join(root, WITHDRAWN_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], text: null };
    throw new RelmanError(`cannot read ${WITHDRAWN_FILE}: ${(e as Error).message}`);
  }
  try {
    const file = new YamlFile(WITHDRAWN_FILE, text);
    const doc = file.documents()[0];
    const value = doc ? (file.valueOf(doc) as { withdrawn?: unknown } | null) : null;
    const list = value?.withdrawn ?? [];
    if (!Array.isArray(list) || list.some((w) => typeof w?.image !== 'string' || typeof w?.tag !== 'string')) {
      throw new YamlFileError(WITHDRAWN_FILE, null, '"withdrawn" must be a list of entries with image and tag');
    }
    const entries = list.map((w: Record<string, unknown>) => ({ image: String(w.image), tag: String(w.tag), policy: String(w.policy ?? ''), at: String(w.at ?? ''), reason: String(w.reason ?? '') }));
    return { entries, text };
  } catch (e) {
    if (e instanceof YamlFileError) throw new RelmanError(e.message, `fix ${WITHDRAWN_FILE} by hand; relman will not guess which tags are withdrawn`);
    throw e;
  }
}

const sameImage = (image: string, repo: ImageRepository) => {
  try {
    return formatRepository(parseImageRepository(image)) === formatRepository(repo);
  } catch {
    return false;
  }
};

/** The withdrawn tags of one image repository. */
export function withdrawnTags(w: Withdrawals, repo: ImageRepository): Set<string> {
  return new Set(w.entries.filter((e) => sameImage(e.image, repo)).map((e) => e.tag));
}

/** The file with one more entry; comments and entries already there stay as they are. */
export function addWithdrawal(w: Withdrawals, entry: Withdrawal): string {
  const doc = parseDocument(w.text ?? `${HEADER}withdrawn: []\n`);
  const list = doc.get('withdrawn');
  if (list instanceof YAMLSeq && list.flow) list.flow = false;
  doc.addIn(['withdrawn'], doc.createNode(entry));
  return doc.toString();
}

/** The file without the entries for this image and tag. */
export function removeWithdrawal(w: Withdrawals, repo: ImageRepository, tag: string): string {
  const doc = parseDocument(w.text ?? '');
  const list = doc.get('withdrawn');
  if (!(list instanceof YAMLSeq)) return w.text ?? '';
  list.items = list.items.filter((_, i) => {
    const e = w.entries[i];
    return !(e && e.tag === tag && sameImage(e.image, repo));
  });
  return doc.toString();
}
