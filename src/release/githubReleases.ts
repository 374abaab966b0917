import path from 'node:path';
import { sectionNotes } from '../changelog/document.js';
import { RelmanError } from '../errors.js';
import { createRelease, findRelease, type GitHubContext } from '../forge/github.js';
import { commitMessage, fileAtCommit, readTagNotes, type TagNotes } from '../git/tagNotes.js';
import type { RepositoryState } from '../repository/readRepository.js';
import { releaseCommitTags } from '../repository/releaseCommit.js';
import { isPrerelease } from '../versioning/semver.js';
import { tagMatcher } from '../versioning/tagFormat.js';
import type { Package } from '../workspace/types.js';

export interface PublishedRelease {
  tag: string;
  /** The release's page on GitHub ('' on a dry run for a release not made). */
  url: string;
  prerelease: boolean;
  /** True when this run created it (on a dry run: would create it); false when GitHub had it already. */
  created: boolean;
}

/** The tags the relman release commit at HEAD names; none when HEAD is not a release commit. */
export async function releaseTagsAtHead(state: RepositoryState): Promise<string[]> {
  if (!state.head.sha) return [];
  return releaseCommitTags(await commitMessage(state.root, state.head.sha)) ?? [];
}

/**
 * One GitHub release per tag, named after the tag, its notes the tag's message (the changelog
 * section) or, for a tag without one, its version's section of the package's CHANGELOG.md at the
 * tag; marked prerelease for a candidate. A release GitHub already has is left as it is, so a
 * rerun after a failure creates only the missing ones. The tags are never touched.
 */
export async function publishGithubReleases(
  state: RepositoryState,
  tags: string[],
  ctx: GitHubContext,
  opts: { dryRun: boolean; log: (line: string) => void },
): Promise<PublishedRelease[]> {
  const details = await readTagNotes(state.root, tags);
  const releases = await Promise.all(
    tags.map(async (tag) => {
      const found = details.get(tag);
      if (!found) throw new RelmanError(`no tag named ${tag} in this repository`, 'fetch the tags (git fetch --tags), or release first');
      const { pkg, version } = packageOfTag(state, tag);
      return { ...found, notes: found.notes || (await changelogNotes(state.root, found, pkg, version)), prerelease: isPrerelease(version) };
    }),
  );
  const published: PublishedRelease[] = [];
  try {
    for (const r of releases) {
      const existing = await findRelease(ctx, r.name);
      if (existing !== null) {
        opts.log(`GitHub release ${r.name} exists: ${existing}`);
        published.push({ tag: r.name, url: existing, prerelease: r.prerelease, created: false });
        continue;
      }
      const url = opts.dryRun ? '' : await createRelease(ctx, { tag: r.name, name: r.name, body: r.notes, prerelease: r.prerelease, commit: r.commit });
      opts.log(`${opts.dryRun ? 'would create' : 'created'} GitHub release ${r.name}${r.prerelease ? ' (prerelease)' : ''}${url ? `: ${url}` : ''}`);
      published.push({ tag: r.name, url, prerelease: r.prerelease, created: true });
    }
  } catch (e) {
    if (!(e instanceof RelmanError)) throw e;
    const made = published.filter((p) => p.created).map((p) => p.tag);
    const missing = releases.slice(published.length).map((r) => r.name);
    throw new RelmanError(
      `${e.message}${made.length ? `; created before it: ${made.join(', ')}` : ''}; no GitHub release yet for ${missing.join(', ')} (the tags stay as they are)`,
      `${e.hint ? `${e.hint}; then ` : ''}run relman github-release --tag ${missing.join(' --tag ')} (or relman release --github at the release commit) to create only the missing releases`,
    );
  }
  return published;
}

/** The package a tag belongs to and the version it names, under the package's tag format. */
function packageOfTag(state: RepositoryState, tag: string): { pkg: Package; version: string } {
  for (const pkg of state.packages) {
    const version = tagMatcher(pkg.tagFormat, pkg.name).versionOf(tag);
    if (version) return { pkg, version };
  }
  throw new RelmanError(`${tag} is not a release tag of any package here`, 'name a tag relman made, such as the ones relman status lists');
}

async function changelogNotes(root: string, tag: TagNotes, pkg: Package, version: string): Promise<string> {
  const changelog = await fileAtCommit(root, tag.commit, path.posix.join(pkg.path, 'CHANGELOG.md'));
  return (changelog && sectionNotes(changelog, version)) ?? '';
}
