import { readRepoFileSync } from '../repository/files.js';
import { RelmanError } from '../errors.js';

/**
 * Reads repository files, one after another and synchronously: hundreds of small manifests read in
 * a few milliseconds so. A tracked file deleted from the working tree, or one that is a symbolic link
 * (which could point outside the repository), reads as null.
 */
export function readTexts(root: string, files: readonly string[]): Map<string, string | null> {
  const texts = new Map<string, string | null>();
  for (const file of files) {
    try {
      texts.set(file, readRepoFileSync(root, file));
    } catch (e) {
      if (!(e instanceof RelmanError)) throw new RelmanError(`cannot read ${file}: ${(e as Error).message}`);
      texts.set(file, null);
    }
  }
  return texts;
}
