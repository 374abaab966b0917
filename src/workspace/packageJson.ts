import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { RelmanError } from '../errors.js';
import { cleanSemver } from '../versioning/semver.js';
import { adoptTagFormat } from '../versioning/tagFormat.js';
import { assertSemver, manifestError } from './errors.js';
import { lineAt, replaceQuoted, splitBom } from './sourceText.js';
import type { DependencyRange, Manifest, ManifestAdapter } from './types.js';

function parse(text: string, file: string): { bom: number; body: string; root: Node } {
  const { bom, body } = splitBom(text);
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
  const error = errors[0];
  if (error) throw manifestError(file, lineAt(body, error.offset), `invalid JSON: ${printParseErrorCode(error.error)}`);
  if (root?.type !== 'object') throw manifestError(file, 1, 'must hold a JSON object');
  return { bom, body, root };
}

/**
 * A package.json without "version" reads as version "0.0.0" with rawVersion "": workspace roots
 * and tooling-only folders have none, and only writing to one is an error. A name may be missing
 * on such a file, or on a private one or a workspace root (name ""), never on a versioned package.
 */
function read(text: string, file: string): Manifest {
  const { body, root } = parse(text, file);
  const value = getNodeValue(root) as Record<string, unknown>;
  const isPrivate = value.private === true;
  const workspaces = workspaceGlobs(value.workspaces);
  const versionNode = findNodeAtLocation(root, ['version']);
  let rawVersion = '';
  let version = '0.0.0';
  let line = 1;
  if (versionNode) {
    line = lineAt(body, versionNode.offset);
    if (versionNode.type !== 'string') throw manifestError(file, line, '"version" must be a string');
    rawVersion = versionNode.value as string;
    const clean = cleanSemver(rawVersion);
    if (!clean) throw manifestError(file, line, `version "${rawVersion}" is not a version`, 'npm versions are semver: 1.2.0, 1.2.0-rc.1');
    version = clean;
  }
  const nameNode = findNodeAtLocation(root, ['name']);
  if (nameNode && (nameNode.type !== 'string' || nameNode.value === '')) throw manifestError(file, lineAt(body, nameNode.offset), '"name" must be a non-empty string');
  const name = (nameNode?.value as string | undefined) ?? '';
  if (!name && versionNode && !isPrivate && !workspaces) throw manifestError(file, line, 'has a "version" but no "name"');
  const tagFormat = semanticReleaseTagFormat(value.release);
  const dependencies = dependencyRanges(value);
  return {
    kind: 'package.json',
    file,
    name,
    rawVersion,
    version,
    line,
    ...(isPrivate ? { private: true } : {}),
    ...(workspaces ? { workspaces } : {}),
    ...(tagFormat ? { tagFormat } : {}),
    ...(dependencies.length ? { dependencies } : {}),
  };
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** Every `"name": "range"` the manifest declares, in every kind of dependency. */
function dependencyRanges(value: Record<string, unknown>): DependencyRange[] {
  return DEPENDENCY_FIELDS.flatMap((field) => {
    const declared = value[field];
    if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return [];
    return Object.entries(declared).filter((e): e is [string, string] => typeof e[1] === 'string').map(([name, range]) => ({ name, range, semver: range, field }));
  });
}

function writeVersion(text: string, manifest: Manifest, version: string): string {
  assertSemver(version, manifest.file);
  const { bom, root } = parse(text, manifest.file);
  const node = findNodeAtLocation(root, ['version']);
  if (node?.type !== 'string') {
    throw new RelmanError(`${manifest.file}: has no "version" to write`, 'add "version": "0.0.0" to it, or exclude its folder in relman.toml');
  }
  return replaceQuoted(text, node.offset + bom, node.offset + node.length + bom, version);
}

/** semantic-release's `tagFormat` (`v${version}`) in the package.json `release` key, in relman's syntax. */
function semanticReleaseTagFormat(release: unknown): string | undefined {
  const template = typeof release === 'object' && release !== null ? (release as { tagFormat?: unknown }).tagFormat : undefined;
  return (typeof template === 'string' && adoptTagFormat(template)) || undefined;
}

/** npm/yarn `workspaces`: an array of globs, or `{ packages: [...] }`; undefined when the file is no workspace root. */
function workspaceGlobs(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? (v as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : undefined;
}

export const packageJson: ManifestAdapter = { kind: 'package.json', fileName: 'package.json', read, writeVersion };
