import { readRepoFile } from '../repository/files.js';
import { RelmanError } from '../errors.js';

/**
 * Reads repository files with at most `concurrency` reads in flight, so hundreds of manifests
 * read in parallel without exhausting file descriptors. A tracked file deleted from the working
 * tree, or one that is a symbolic link (which could point outside the repository), reads as null.
 */
export async function readTexts(root: string, files: readonly string[], concurrency = 64): Promise<Map<string, string | null>> {
  const texts = new Map<string, string | null>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as string;
      try {
        texts.set(file, await readRepoFile(root, file));
      } catch (e) {
        if (!(e instanceof RelmanError)) throw new RelmanError(`cannot read ${file}: ${(e as Error).message}`);
        texts.set(file, null);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return texts;
}
