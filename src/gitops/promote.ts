import { RelmanError } from '../errors.js';
import { formatRepository, isValidTag, type ImageRepository } from './imageRef.js';
import type { RegistryClient } from './registry.js';

export interface Promotion {
  digest: string;
  /** False when the tag already pointed at the same digest. */
  created: boolean;
}

/**
 * Build once, promote the same digest: copies the manifest of `source` under `tag` in the same
 * repository. A tag that exists for another digest is refused: tags are never reused (nodes cache
 * images by tag). The registry has no conditional PUT, so a tag created between the check and the
 * copy by someone else cannot be detected.
 */
export async function promoteImage(client: RegistryClient, repo: ImageRepository, source: string, tag: string, dryRun: boolean): Promise<Promotion> {
  const image = formatRepository(repo);
  if (!isValidTag(tag)) throw new RelmanError(`"${tag}" is not a valid image tag`, 'tags are 1 to 128 of [A-Za-z0-9_.-], not starting with . or -');
  const manifest = await client.getManifest(repo.repository, source);
  const existing = await client.manifestDigest(repo.repository, tag);
  if (existing === manifest.digest) return { digest: manifest.digest, created: false };
  if (existing) {
    throw new RelmanError(`${image}:${tag} already exists for another image (${existing}, not ${manifest.digest} of ${source})`, 'tags are never reused: promote under a new tag');
  }
  if (dryRun) return { digest: manifest.digest, created: true };
  const stored = await client.putManifest(repo.repository, tag, manifest);
  if (stored !== manifest.digest) throw new RelmanError(`registry ${repo.registry} stored ${image}:${tag} as ${stored}, not ${manifest.digest}`);
  return { digest: manifest.digest, created: true };
}
