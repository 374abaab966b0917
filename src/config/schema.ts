import type { NonConventionalBump } from '../commits/bump.js';

/** Per-package settings, keyed by the manifest's package name. */
export interface PackageConfig {
  /** Globs (relative to the repository root) of the files that belong to the package. */
  paths?: string[];
  exclude?: string[];
  tagFormat?: string;
}

export interface GitopsPolicyConfig {
  name: string;
  /** Matches markers of this namespace only; without it, markers of any namespace by name. */
  namespace?: string;
  image: string;
  semver?: string;
  alphabetical?: 'asc' | 'desc';
  numerical?: 'asc' | 'desc';
  filterPattern?: string;
  filterExtract?: string;
  digestReflectionPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

/** The whole of relman.toml; every key is optional. */
export interface Config {
  /** Where the config came from (null: defaults). */
  file: string | null;
  tagFormat?: string;
  include?: string[];
  exclude: string[];
  nonConventional: NonConventionalBump;
  /** Subject patterns of earlier tooling's release commits, which never count as changes. */
  releaseCommits: string[];
  packages: Record<string, PackageConfig>;
  sync: { branches: string[] };
  notify: { slack?: string };
  gitops: { policies: GitopsPolicyConfig[] };
}

export const DEFAULT_CONFIG: Config = {
  file: null,
  exclude: [],
  nonConventional: 'patch',
  releaseCommits: [],
  packages: {},
  sync: { branches: [] },
  notify: {},
  gitops: { policies: [] },
};

/** A value's expected shape, for validation with messages that name the key. */
export type Shape =
  | { kind: 'string'; oneOf?: string[] }
  | { kind: 'strings' }
  | { kind: 'table'; keys: Record<string, Shape>; required?: string[] }
  | { kind: 'map'; of: Shape }
  | { kind: 'tables'; of: Shape };

const packageShape: Shape = { kind: 'table', keys: { paths: { kind: 'strings' }, exclude: { kind: 'strings' }, tagFormat: { kind: 'string' } } };
const order: Shape = { kind: 'string', oneOf: ['asc', 'desc'] };
const policyShape: Shape = {
  kind: 'table',
  required: ['name', 'image'],
  keys: {
    name: { kind: 'string' },
    namespace: { kind: 'string' },
    image: { kind: 'string' },
    semver: { kind: 'string' },
    alphabetical: order,
    numerical: order,
    filterPattern: { kind: 'string' },
    filterExtract: { kind: 'string' },
    digestReflectionPolicy: { kind: 'string', oneOf: ['Always', 'IfNotPresent', 'Never'] },
  },
};

export const CONFIG_SHAPE: Shape = {
  kind: 'table',
  keys: {
    tagFormat: { kind: 'string' },
    include: { kind: 'strings' },
    exclude: { kind: 'strings' },
    nonConventional: { kind: 'string', oneOf: ['patch', 'none'] },
    releaseCommits: { kind: 'strings' },
    packages: { kind: 'map', of: packageShape },
    sync: { kind: 'table', keys: { branches: { kind: 'strings' } } },
    notify: { kind: 'table', keys: { slack: { kind: 'string' } } },
    gitops: { kind: 'table', keys: { policies: { kind: 'tables', of: policyShape } } },
  },
};
