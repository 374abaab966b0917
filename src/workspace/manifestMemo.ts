import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BUILD_ID } from '../buildId.js';
import { readTextFile, textPieces, writeTextFile } from '../text/pieces.js';
import type { Manifest } from './types.js';

/**
 * Manifests read before, kept in a file by the exact text they were read from: a TOML parse for each
 * of 500 pyproject.toml files is most of what a repeated plan costs, a hash each is almost nothing.
 *
 * A kept manifest is the one reading the text would give: the key is the text, the file's path, the
 * repository's name and the build of relman (another build may read a file differently; outside a
 * build — the tests of the sources — nothing is kept). Only manifests that read cleanly are kept.
 * The file carries a checksum; an unreadable or corrupt one counts as empty, and deleting it is safe.
 */
export class ManifestMemo {
  private readonly used = new Map<string, Manifest>();
  private changed = false;

  private constructor(
    private readonly file: string | null,
    private readonly kept: Map<string, Manifest>,
  ) {}

  /** The memo kept at `file`; null `file` (or a run outside a build) keeps nothing. */
  static open(file: string | null): ManifestMemo {
    if (!file || !BUILD_ID) return new ManifestMemo(null, new Map());
    return new ManifestMemo(file, load(file, BUILD_ID));
  }

  /** The manifest `read` gives for this text, from the memo when it was read before. */
  read(file: string, text: string, repoName: string, read: () => Manifest): Manifest {
    if (!this.file) return read();
    const key = createHash('sha1').update(`${file}\0${repoName}\0${text}`).digest('hex');
    let manifest = this.kept.get(key);
    if (!manifest) {
      manifest = read();
      this.changed = true;
    }
    this.used.set(key, manifest);
    return manifest;
  }

  /** Writes the manifests this run used, when they differ from those kept. */
  save(): void {
    if (!this.file || (!this.changed && this.used.size === this.kept.size)) return;
    const body = JSON.stringify({ build: BUILD_ID, manifests: [...this.used] });
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeTextFile(temp, [`${checksum(body)}\n`, body]);
      renameSync(temp, this.file);
    } catch {
      // Best effort: a read-only repository just reads its manifests every time.
      rmSync(temp, { force: true });
    }
  }
}

function load(file: string, build: string): Map<string, Manifest> {
  try {
    const text = readTextFile(file);
    const newline = text.indexOf('\n');
    const body = text.slice(newline + 1);
    if (newline === -1 || text.slice(0, newline) !== checksum(body)) return new Map();
    const kept = JSON.parse(body) as { build: string; manifests: [string, Manifest][] };
    return kept.build === build ? new Map(kept.manifests) : new Map();
  } catch {
    return new Map();
  }
}

function checksum(text: string): string {
  const hash = createHash('sha1');
  for (const piece of textPieces(text)) hash.update(piece);
  return hash.digest('hex');
}
