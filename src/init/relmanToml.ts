import { renderTable } from '../cli/output.js';
import type { RepositoryFacts } from './detect.js';

/** A TOML basic string (JSON's escapes are TOML's). */
function str(value: string): string {
  return JSON.stringify(value);
}

function list(values: string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

const FORMAT_SOURCE = { tags: 'its tags', manifest: 'python-semantic-release tag_format', default: 'default' } as const;

/**
 * relman.toml for a repository as relman finds it: what it discovered is stated in comments, and only
 * what relman could not otherwise know (earlier tooling's release commits, branches to sync) or what
 * pins an adopted tag format is set. Every other key is shown commented out with its default.
 */
export function renderRelmanToml(facts: RepositoryFacts): string {
  const table = renderTable(
    ['package', 'path', 'manifest', 'tag format (from)'],
    facts.packages.map((p) => [p.name, p.path, p.manifest, `${p.tagFormat} (${FORMAT_SOURCE[p.formatSource]})`]),
  );
  const out: string[] = [
    '# relman.toml: written by `relman init`. Every key is optional; relman works without this file.',
    '# The configuration reference is in relman\'s README. `relman plan` shows what a release would do.',
    '#',
    `# Packages relman found (${facts.packages.length}): each folder with a pyproject.toml, package.json,`,
    '# Cargo.toml, Chart.yaml or VERSION file that git tracks.',
    '#',
    ...table.split('\n').map((line) => `#   ${line}`.trimEnd()),
    '',
    '# Tag format: {name} is the manifest\'s package name, {unscoped} the same without an npm @scope/.',
  ];
  if (facts.sharedFormat) out.push('# Every package\'s existing tags follow this format:', `tagFormat = ${str(facts.sharedFormat)}`);
  else out.push('# Each package keeps the format its tags follow; new packages get the default:', `# tagFormat = ${str(facts.defaultFormat)}`);
  out.push(
    '',
    '# Folders that are packages (default: every folder with a manifest), and files that belong to none:',
    '# include = ["services/*", "."]',
    '# exclude = ["examples/**", "**/*.md"]',
    '',
    '# What a commit that is not a Conventional Commit asks for: "patch" (default) or "none".',
    '# nonConventional = "patch"',
    '',
  );
  const releaseCommits = [...new Set(facts.earlierTools.flatMap((t) => t.releaseCommits))];
  if (releaseCommits.length) {
    out.push(
      '# Release commits of the tooling used before relman, which never count as changes:',
      ...facts.earlierTools.map((t) => `#   ${t.name} (found ${t.evidence})`),
      `releaseCommits = ${list(releaseCommits)}`,
    );
  } else {
    out.push('# Subjects (regexes) of release commits that earlier tooling made, which never count as changes:', '# releaseCommits = ["^chore: release"]');
  }
  // Adopted formats that differ from the default are written down, so they hold when tags are missing (a shallow clone).
  const pinned = facts.sharedFormat ? [] : facts.packages.filter((p) => p.tagFormat !== facts.defaultFormat);
  out.push(
    '',
    '# Per package, by manifest name: `paths` (globs of the files that belong to it instead of its folder),',
    '# `exclude` (globs under its folder that do not count) and `tagFormat`.',
    ...(pinned.length ? [] : ['# [packages."name"]', '# paths = ["name/**", "pyproject.toml"]']),
  );
  for (const p of pinned) out.push(`[packages.${str(p.name)}]`, `tagFormat = ${str(p.tagFormat)}  # adopted from ${FORMAT_SOURCE[p.formatSource]}`, '');
  out.push(
    ...(pinned.length ? [] : ['']),
    `# Branches \`relman sync\` brings ${facts.mainBranch} into after a release:`,
    ...(facts.syncBranches.length ? ['[sync]', `branches = ${list(facts.syncBranches)}`] : ['# [sync]', '# branches = ["development", "security/hotfix"]']),
    '',
    '# Release notifications: a Slack incoming webhook, named, never written here. Without this key,',
    '# relman release posts to SLACK_WEBHOOK_URL when that variable is set.',
    '# [notify]',
    '# slack = "env:SLACK_WEBHOOK_URL"',
  );
  return `${out.join('\n')}\n`;
}
