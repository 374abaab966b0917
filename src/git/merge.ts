import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RelmanError } from '../errors.js';
import { git, gitFailure, gitOut } from './run.js';

/** A file the merge left in conflict: its blob in each stage, absent where a side deleted it. */
export interface ConflictedFile {
  path: string;
  base?: string;
  ours?: string;
  theirs?: string;
}

/**
 * Starts a merge of `branch` into the checked-out branch (always a merge commit, not yet made).
 * Returns the files in conflict; empty when the merge went through cleanly.
 */
export async function startMerge(root: string, branch: string): Promise<ConflictedFile[]> {
  const args = ['merge', '-q', '--no-ff', '--no-commit', branch];
  const r = await git(args, { cwd: root, okCodes: [1, 2, 128] });
  const conflicts = await conflictedFiles(root);
  if (r.code !== 0 && conflicts.length === 0) {
    if (await mergeInProgress(root)) await abortMerge(root);
    throw gitFailure(args, r);
  }
  return conflicts;
}

async function conflictedFiles(root: string): Promise<ConflictedFile[]> {
  const out = await gitOut(['-c', 'core.quotePath=false', 'ls-files', '-u', '-z'], { cwd: root });
  return parseStageEntries(out.split('\0'));
}

/**
 * The conflicts merging `branch` into `into` would meet, computed without touching the work tree or
 * the index (`git merge-tree --write-tree`, git 2.38 or later).
 */
export async function predictMerge(root: string, into: string, branch: string): Promise<ConflictedFile[]> {
  const args = ['-c', 'core.quotePath=false', 'merge-tree', '--write-tree', '-z', '--no-messages', into, branch];
  const r = await git(args, { cwd: root, okCodes: [1, 129] });
  if (r.code === 129) throw new RelmanError('--dry-run needs git 2.38 or later (git merge-tree --write-tree)', 'upgrade git, or run without --dry-run');
  // The tree's id, then one stage entry per field up to an empty field.
  const fields = r.stdout.split('\0').slice(1);
  const end = fields.indexOf('');
  return parseStageEntries(end === -1 ? fields : fields.slice(0, end));
}

/** `MODE BLOB STAGE\tPATH` entries (ls-files -u, merge-tree) grouped by path. */
function parseStageEntries(entries: string[]): ConflictedFile[] {
  const files = new Map<string, ConflictedFile>();
  for (const entry of entries.filter(Boolean)) {
    const tab = entry.indexOf('\t');
    const [, blob, stage] = entry.slice(0, tab).split(' ');
    const file = entry.slice(tab + 1);
    const conflict = files.get(file) ?? { path: file };
    if (stage === '1') conflict.base = blob;
    if (stage === '2') conflict.ours = blob;
    if (stage === '3') conflict.theirs = blob;
    files.set(file, conflict);
  }
  return [...files.values()];
}

export async function mergeInProgress(root: string): Promise<boolean> {
  const r = await git(['rev-parse', '-q', '--verify', 'MERGE_HEAD'], { cwd: root, okCodes: [1] });
  return r.code === 0;
}

/** Undoes a merge in progress: the work tree and index are as they were before it. */
export async function abortMerge(root: string): Promise<void> {
  await git(['merge', '--abort'], { cwd: root });
}

export async function readBlob(root: string, blob: string): Promise<string> {
  return (await git(['cat-file', 'blob', blob], { cwd: root })).stdout;
}

/** Marks a file resolved with this content. */
export async function resolveFile(root: string, file: string, text: string): Promise<void> {
  await writeFile(path.join(root, file), text);
  await git(['add', '--', file], { cwd: root });
}

/** Makes the merge commit; returns its sha. */
export async function commitMerge(root: string, message: string): Promise<string> {
  await git(['commit', '-q', '-F', '-'], { cwd: root, input: message });
  return gitOut(['rev-parse', 'HEAD'], { cwd: root });
}

const CONFLICT_COUNTS = Array.from({ length: 127 }, (_, i) => i + 1);

/** A three-way text merge (`git merge-file`): the merged text, or null when the sides conflict. */
export async function mergeTexts(root: string, texts: { ours: string; base: string; theirs: string }): Promise<string | null> {
  const dir = await mkdtemp(path.join(tmpdir(), 'relman-merge-'));
  try {
    const files = (['ours', 'base', 'theirs'] as const).map((side) => path.join(dir, side));
    await Promise.all(files.map((file, i) => writeFile(file, [texts.ours, texts.base, texts.theirs][i] ?? '')));
    // The exit status is the number of conflicts (at most 127); above that, an error.
    const r = await git(['merge-file', '-p', '--', ...files], { cwd: root, okCodes: CONFLICT_COUNTS });
    return r.code === 0 ? r.stdout : null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
