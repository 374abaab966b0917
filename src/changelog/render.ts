import type { PlanCommit } from '../plan/types.js';

/** A commit as a changelog lists it. */
export type ChangelogCommit = Pick<PlanCommit, 'sha' | 'type' | 'scope' | 'breaking' | 'subject' | 'breakingNote'>;

/** Links a commit's full sha to its page on the forge, or null where there is no known forge. */
export type CommitLinker = (sha: string) => string | null;

export interface ChangelogRelease {
  version: string;
  /** The release date, written as YYYY-MM-DD in UTC. */
  date: Date;
  /** Newest first, as the plan holds them. */
  commits: Iterable<ChangelogCommit>;
  link: CommitLinker;
}

const GROUPS = [
  { title: 'Breaking changes', has: (c: ChangelogCommit) => c.breaking },
  { title: 'Features', has: (c: ChangelogCommit) => c.type === 'feat' },
  { title: 'Bug fixes', has: (c: ChangelogCommit) => c.type === 'fix' },
  { title: 'Other changes', has: () => true },
];

/**
 * A release's notes: its commits grouped into Breaking changes, Features, Bug fixes and Other changes
 * (each commit in the first group it fits), one line per commit with its short sha. The tag message and
 * the GitHub release carry exactly this.
 */
export function renderReleaseNotes(release: Omit<ChangelogRelease, 'version' | 'date'>): string {
  const groups = GROUPS.map((g) => ({ title: g.title, lines: [] as string[] }));
  for (const commit of release.commits) {
    const index = GROUPS.findIndex((g) => g.has(commit));
    groups[index]?.lines.push(commitLine(commit, release.link));
  }
  return groups
    .filter((g) => g.lines.length)
    .map((g) => `### ${g.title}\n\n${g.lines.join('\n')}\n`)
    .join('\n');
}

/** A changelog section: `## VERSION (YYYY-MM-DD)` and the release notes. */
export function renderChangelogSection(release: ChangelogRelease): string {
  const notes = renderReleaseNotes(release);
  return `## ${release.version} (${release.date.toISOString().slice(0, 10)})\n${notes ? `\n${notes}` : ''}`;
}

function commitLine(commit: ChangelogCommit, link: CommitLinker): string {
  const short = commit.sha.slice(0, 7);
  const url = link(commit.sha);
  const ref = url ? `[${short}](${url})` : short;
  const scope = commit.scope ? `**${commit.scope}:** ` : '';
  // The text of a BREAKING CHANGE footer says what breaks: it follows the subject.
  return `- ${scope}${commit.subject} (${ref})${commit.breakingNote ? `: ${commit.breakingNote}` : ''}`;
}
