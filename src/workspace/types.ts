export type ManifestKind = 'pyproject' | 'package.json' | 'cargo' | 'chart' | 'version-file' | 'version.txt';

/** A version manifest as read from disk. */
export interface Manifest {
  kind: ManifestKind;
  /** Repository-relative POSIX path of the manifest file (e.g. `operators/foo/pyproject.toml`). */
  file: string;
  /**
   * The package name the manifest declares (for a VERSION file: its folder's name, or the repository's;
   * for a Cargo workspace root without [package]: the repository's).
   */
  name: string;
  /** The version as written in the file (PEP 440 in Python manifests). */
  rawVersion: string;
  /** The same version in semver form (`2.0.0rc1` → `2.0.0-rc.1`). */
  version: string;
  /** 1-based line of the version in the file. */
  line: number;
  /**
   * A tag format the manifest declares for earlier tooling, in relman syntax: python-semantic-release or
   * commitizen `tag_format` in pyproject.toml, semantic-release `release.tagFormat` in package.json.
   */
  tagFormat?: string;
  /** What a bump becomes while the version is below 1.0.0, where earlier tooling states it (see PreMajorBumps). */
  preMajor?: PreMajorBumps;
  /** package.json `private: true`. */
  private?: boolean;
  /** Workspace member globs the manifest declares (package.json `workspaces`), when it is a workspace root. */
  workspaces?: string[];
  /** Version ranges the manifest declares for other packages (package.json, Cargo.toml and pyproject.toml dependencies of every kind). */
  dependencies?: DependencyRange[];
}

/** One declared dependency: `"name": "range"` under `field` (dependencies, devDependencies, …). */
export interface DependencyRange {
  name: string;
  /** As written in the manifest. */
  range: string;
  /** The same range in npm's semver syntax (Cargo's `1.2` is `^1.2`); the range itself where they agree. */
  semver: string;
  field: string;
}

/**
 * Below 1.0.0, what a breaking change and a feature bump instead: release-please's
 * `bump-minor-pre-major` and `bump-patch-for-minor-pre-major`, python-semantic-release's
 * `major_on_zero = false`, commitizen's `major_version_zero = true`.
 */
export interface PreMajorBumps {
  breaking: 'major' | 'minor';
  feature: 'minor' | 'patch';
}

/** A releasable package: a folder with a manifest. */
export interface Package {
  name: string;
  /** Repository-relative POSIX folder, `.` for the repository root. */
  path: string;
  manifest: Manifest;
  /** relman.toml `[packages.NAME] paths`: globs of the files that belong to it, instead of its folder. */
  paths?: string[];
  /** Globs of files under the folder that do not belong to it. */
  exclude?: string[];
  /** The tag format in force for this package (config, manifest, existing tags, or the default). */
  tagFormat: string;
  /** Bumps below 1.0.0 as earlier tooling states them; by default a breaking change is major there too. */
  preMajor?: PreMajorBumps;
}

/** A package as discovery finds it: its tag format is settled later, once the tags are known. */
export type DiscoveredPackage = Omit<Package, 'tagFormat'> & {
  /** The format relman.toml or the manifest states, if any. */
  tagFormat?: string;
};

/** Reads and rewrites one kind of manifest. Both functions are pure. */
export interface ManifestAdapter {
  kind: ManifestKind;
  /** The file name the manifest has in its folder. */
  fileName: string;
  /**
   * Reads a manifest; `repoName` names a manifest that has no name of its own at the repository root
   * (a VERSION file). Throws a RelmanError naming file and line when the file is malformed, and an
   * UnversionedManifestError when it is well formed but has no version relman can own.
   */
  read(text: string, file: string, repoName?: string): Manifest;
  /** The same text with only the characters of the version replaced by `version` (semver). */
  writeVersion(text: string, manifest: Manifest, version: string): string;
}
