import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultBranch } from '../git/branches.js';
import { refTip } from '../git/branchSync.js';
import { trackedFiles } from '../git/repo.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { DEFAULT_MONOREPO_FORMAT, DEFAULT_SINGLE_FORMAT } from '../versioning/tagFormat.js';
import type { ManifestKind, Package } from '../workspace/types.js';

/** Package ecosystems, each with its own tests and security checks in the generated workflows. */
export type Ecosystem = 'python' | 'node' | 'rust' | 'helm';

const ECOSYSTEM: Partial<Record<ManifestKind, Ecosystem>> = { pyproject: 'python', 'package.json': 'node', cargo: 'rust', chart: 'helm' };

export interface DetectedPackage {
  name: string;
  path: string;
  manifest: string;
  tagFormat: string;
  /** Where the tag format comes from. */
  formatSource: 'tags' | 'manifest' | 'default';
  ecosystem: Ecosystem | null;
}

/** Release tooling a repository used before relman, and the subjects of the release commits it made. */
export interface EarlierTool {
  name: string;
  /** Tracked file that shows it. */
  evidence: string;
  releaseCommits: string[];
}

export interface RepositoryFacts {
  packages: DetectedPackage[];
  /** relman's tag format for packages whose tags and manifest say nothing. */
  defaultFormat: string;
  /** The tag format every package shares, when there are several and they all follow one that is not the default. */
  sharedFormat: string | null;
  ecosystems: Ecosystem[];
  earlierTools: EarlierTool[];
  /** Long-lived branches to keep in step with main (relman sync). */
  syncBranches: string[];
  mainBranch: string;
}

interface ToolSignature {
  name: string;
  /** Matches a tracked file's path; `text`, when given, must also match its content. */
  file: RegExp;
  text?: RegExp;
  releaseCommits: string[];
}

// The release commit subjects each tool writes by default, as relman.toml `releaseCommits` regexes.
const TOOLS: ToolSignature[] = [
  { name: 'python-semantic-release', file: /(^|\/)pyproject\.toml$/, text: /^\[tool\.semantic_release[\].]/m, releaseCommits: ['^v?\\d+\\.\\d+\\.\\d+\\S*$', '^chore: semantic versioning workflow'] },
  { name: 'semantic-release', file: /^(\.releaserc(\.(json|ya?ml|js|cjs|mjs))?|release\.config\.(js|cjs|mjs))$/, releaseCommits: ['^chore\\(release\\): \\d+\\.\\d+\\.\\d+'] },
  { name: 'changesets', file: /^\.changeset\/config\.json$/, releaseCommits: ['^Version Packages'] },
  { name: 'release-please', file: /^(release-please-config\.json|\.release-please-manifest\.json)$/, releaseCommits: ['^chore(\\([^)]*\\))?: release '] },
  { name: 'lerna', file: /^lerna\.json$/, releaseCommits: ['^chore\\(release\\): publish'] },
  { name: 'commitizen', file: /^(\.cz\.toml|\.cz\.json|cz\.json)$/, releaseCommits: ['^bump: version '] },
];

/** Branch names that, where they exist, are the long-lived ones the seeds keep in step with main. */
const SYNC_CANDIDATES = ['development', 'develop', 'staging', 'security/hotfix', 'hotfix'];

export async function detectRepository(state: RepositoryState): Promise<RepositoryFacts> {
  const single = state.packages.length === 1;
  const fallback = single ? DEFAULT_SINGLE_FORMAT : DEFAULT_MONOREPO_FORMAT;
  const packages = state.packages.map((pkg) => detectPackage(pkg, state, fallback));
  const formats = new Set(packages.map((p) => p.tagFormat));
  const [only] = formats;
  const [earlierTools, syncBranches, mainBranchName] = await Promise.all([earlierTooling(state.root), existingBranches(state.root), defaultBranch(state.root)]);
  return {
    packages,
    defaultFormat: fallback,
    sharedFormat: formats.size === 1 && only !== undefined && only !== fallback && packages.length > 1 ? only : null,
    ecosystems: [...new Set(packages.flatMap((p) => (p.ecosystem ? [p.ecosystem] : [])))].sort(),
    earlierTools,
    syncBranches,
    mainBranch: mainBranchName ?? 'main',
  };
}

function detectPackage(pkg: Package, state: RepositoryState, fallback: string): DetectedPackage {
  const tagged = state.tags.packageTags(pkg.tagFormat, pkg.name).all.length > 0;
  const formatSource = pkg.manifest.tagFormat === pkg.tagFormat ? 'manifest' : tagged ? 'tags' : 'default';
  return {
    name: pkg.name,
    path: pkg.path,
    manifest: pkg.manifest.file,
    tagFormat: formatSource === 'default' ? fallback : pkg.tagFormat,
    formatSource,
    ecosystem: ECOSYSTEM[pkg.manifest.kind] ?? null,
  };
}

async function earlierTooling(root: string): Promise<EarlierTool[]> {
  const files = await trackedFiles(root);
  const found: EarlierTool[] = [];
  for (const tool of TOOLS) {
    for (const file of files.filter((f) => tool.file.test(f))) {
      if (tool.text && !tool.text.test(await readFile(path.join(root, file), 'utf8').catch(() => ''))) continue;
      found.push({ name: tool.name, evidence: file, releaseCommits: tool.releaseCommits });
      break;
    }
  }
  return found;
}

async function existingBranches(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const branch of SYNC_CANDIDATES) {
    if ((await refTip(root, `refs/heads/${branch}`)) || (await refTip(root, `refs/remotes/origin/${branch}`))) found.push(branch);
  }
  return found;
}

