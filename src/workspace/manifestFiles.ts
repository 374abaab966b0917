import { posix } from 'node:path';
import { ownCopy } from '../text/ownCopy.js';
import { adapterForFileName } from './adapters.js';
import { isFolderToolConfigName, isRootToolConfig } from './toolConfigs.js';

const PNPM_WORKSPACE_FILE = 'pnpm-workspace.yaml';

/** Folders whose manifests belong to installed dependencies or tooling, never to the repository's packages. */
const IGNORED_FOLDERS = new Set(['node_modules', 'venv', 'site-packages', '__pypackages__']);

export interface ManifestFiles {
  /** Manifest files, repository-relative, in the order given. */
  manifests: string[];
  /** pnpm-workspace.yaml files. */
  pnpmWorkspaces: string[];
  /** Other release tools' configs that state tag formats (see toolConfigs.ts). */
  toolConfigs: string[];
}

/**
 * The manifest and pnpm workspace files among a repository's tracked files, outside `node_modules`,
 * dot-folders and virtualenvs (`venv`, `site-packages`, or any folder holding a `pyvenv.cfg`).
 */
export function selectManifestFiles(files: readonly string[]): ManifestFiles {
  const venvs = new Set(files.filter((f) => fileName(f) === 'pyvenv.cfg').map((f) => posix.dirname(f)));
  venvs.delete('.');
  const manifests: string[] = [];
  const pnpmWorkspaces: string[] = [];
  const toolConfigs: string[] = [];
  for (const file of files) {
    if (isRootToolConfig(file)) {
      toolConfigs.push(ownCopy(file));
      continue;
    }
    const base = fileName(file);
    const list = adapterForFileName(base) ? manifests : base === PNPM_WORKSPACE_FILE ? pnpmWorkspaces : isFolderToolConfigName(base) ? toolConfigs : null;
    if (!list) continue;
    const segments = file.split('/');
    segments.pop();
    if (segments.some((s) => s.startsWith('.') || IGNORED_FOLDERS.has(s))) continue;
    if (venvs.size > 0 && segments.some((_, i) => venvs.has(segments.slice(0, i + 1).join('/')))) continue;
    // Kept for the whole run: not as views into git's listing of every file.
    list.push(ownCopy(file));
  }
  return { manifests, pnpmWorkspaces, toolConfigs };
}

/**
 * A tracked file's name without its folder. Git's paths have `/` separators and never end in one, so
 * no more than this is needed: posix.basename, which checks and handles more, was a tenth of a plan's
 * reading of 10,000 tracked files.
 */
function fileName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
