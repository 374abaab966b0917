/**
 * Image references as docker normalises them: `nginx` is `docker.io/library/nginx`; the first path
 * component names a registry only when it has a `.` or a `:`, or is `localhost`.
 */
export interface ImageRepository {
  /** Registry host (and port) as written, `docker.io` when none is. */
  registry: string;
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string;
}

export interface ImageReference extends ImageRepository {
  tag?: string;
  digest?: string;
}

export class ImageRefError extends Error {}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
export const DOCKER_HUB = 'docker.io';

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** `REGISTRY/PATH[:TAG][@DIGEST]`. */
export function parseImageReference(text: string): ImageReference {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ImageRefError(`invalid digest in image reference "${text}"`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ImageRefError(`invalid tag "${tag}" in image reference "${text}"`);
  }
  return { ...parseImageRepository(rest, text), tag, digest };
}

/** A repository without tag or digest, e.g. an ImageRepository's `spec.image`. */
export function parseImageRepository(name: string, shownAs = name): ImageRepository {
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : DOCKER_HUB;
  const path = hasRegistry ? parts.slice(1) : parts;
  if (registry === DOCKER_HUB && path.length === 1) path.unshift('library');
  if (!path.length || !path.every((c) => COMPONENT.test(c))) {
    throw new ImageRefError(`invalid image name "${shownAs}" (expected [REGISTRY/]PATH with lowercase components)`);
  }
  return { registry: registry === 'index.docker.io' ? DOCKER_HUB : registry, repository: path.join('/') };
}

export function formatRepository(repo: ImageRepository): string {
  return `${repo.registry}/${repo.repository}`;
}
