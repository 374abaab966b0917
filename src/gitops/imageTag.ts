/**
 * Sortable image tags, the format Flux's guide proposes and the seed's CI uses:
 * `<branch>-<sha7>-<unix commit time>`. A numerical policy on the time orders builds; the commit time
 * (not the build time) makes a rebuild of the same commit produce the same tag.
 */
const MAX_TAG = 128;

/** A branch name as the first part of an image tag: `[A-Za-z0-9_.-]`, no leading `.` or `-`. */
export function tagSafeBranch(branch: string): string {
  return branch
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '');
}

export function sortableTag(branch: string, sha: string, commitTime: number): string {
  const suffix = `-${sha.slice(0, 7)}-${commitTime}`;
  const prefix = tagSafeBranch(branch).slice(0, MAX_TAG - suffix.length).replace(/[.-]+$/, '');
  return `${prefix}${suffix}`;
}
