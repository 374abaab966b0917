/**
 * relman's release commit: subject `chore(release): …`, one `Release-Tag:` trailer per tag it
 * releases. The trailers let a rerun recover what a failed or killed release still has to do.
 */
export const RELEASE_TAG_TRAILER = 'Release-Tag';

export function releaseCommitMessage(tags: string[]): string {
  const subject = tags.length <= 3 ? `chore(release): ${tags.join(', ')}` : `chore(release): publish ${tags.length} packages`;
  return `${subject}\n\n${tags.map((t) => `- ${t}`).join('\n')}\n\n${tags.map((t) => `${RELEASE_TAG_TRAILER}: ${t}`).join('\n')}\n`;
}

/** The tags a relman release commit names, or null when the message is not one. */
export function releaseCommitTags(message: string): string[] | null {
  if (!/^chore\(release\): /.test(message)) return null;
  const tags = [...message.matchAll(new RegExp(`^${RELEASE_TAG_TRAILER}: (\\S+)\\s*$`, 'gm'))].map((m) => m[1] ?? '');
  return tags.length ? tags : null;
}

/** Tells release commits — relman's own, or earlier tooling's by subject pattern — which never count as changes. */
export function releaseCommitFilter(patterns: string[]): (message: string) => boolean {
  const regexes = patterns.map((p) => new RegExp(p));
  return (message) => {
    if (releaseCommitTags(message)) return true;
    const end = message.indexOf('\n');
    const subject = end === -1 ? message : message.slice(0, end);
    return regexes.some((r) => r.test(subject));
  };
}
