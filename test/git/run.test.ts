import { describe, expect, it } from 'vitest';
import { gitFields } from '../../src/git/run.js';
import { TestRepo } from '../helpers/repo.js';

describe('gitFields', () => {
  it("gives git's output line by line, lines and characters cut between chunks and lines longer than a chunk included", async () => {
    const repo = TestRepo.init();
    const stream = ['reset refs/heads/main\n'];
    for (let i = 0; i < 1500; i++) {
      // Subjects of every length up to a few KiB, and one far longer than a pipe's 64 KiB chunk; the
      // two-byte characters of some fall across chunks.
      const subject = i === 700 ? 'y'.repeat(200_000) : `change ${i} ${(i % 3 ? 'x' : 'é').repeat((i * 37) % 3000)}`;
      const message = `${subject}\n`;
      stream.push(`commit refs/heads/main\ncommitter Test <test@example.com> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`);
    }
    repo.gitInput(stream.join(''), 'fast-import', '--quiet');
    const args = ['log', '--format=%H %s', 'main'];
    const expected = repo.git(...args).split('\n');

    const lines: string[] = [];
    for await (const fields of gitFields(args, { cwd: repo.dir }, '\n')) lines.push(...fields);
    expect(lines).toHaveLength(1500);
    expect(lines).toEqual(expected);
  });
});
