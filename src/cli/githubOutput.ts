import { appendFile } from 'node:fs/promises';
import { RelmanError } from '../errors.js';

/**
 * Appends step outputs to the file GitHub Actions names in GITHUB_OUTPUT (`name=value` lines), when
 * relman runs in a workflow; returns whether it did. Values must be single-line (JSON is).
 */
export async function writeGithubOutputs(outputs: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return false;
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (value.includes('\n')) throw new Error(`GitHub output ${name} must be a single line`);
    return `${name}=${value}\n`;
  });
  try {
    await appendFile(file, lines.join(''));
  } catch (e) {
    throw new RelmanError(`cannot write the GitHub Actions outputs to ${file} (GITHUB_OUTPUT): ${(e as Error).message}`);
  }
  return true;
}
