import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { git, gitOut } from './run.js';

/** The commits a shallow clone's history is cut at (git treats them as having no parents). */
export async function shallowBoundary(root: string): Promise<Set<string>> {
  const file = await gitOut(['rev-parse', '--git-path', 'shallow'], { cwd: root });
  try {
    const text = await readFile(path.resolve(root, file), 'utf8');
    return new Set(text.split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

/** Fetches every tag of the remote (a CI checkout usually has none). */
export async function fetchTags(root: string, remote: string): Promise<void> {
  await git(['fetch', '--quiet', '--tags', '--no-recurse-submodules', remote], { cwd: root });
}

/** Deepens a shallow clone's history by `commits` more commits. */
export async function deepen(root: string, remote: string, commits: number): Promise<void> {
  await git(['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', `--deepen=${commits}`, remote], { cwd: root });
}
