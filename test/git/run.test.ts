import { describe, expect, it } from 'vitest';
import { gitRecords } from '../../src/git/run.js';
import { TestRepo } from '../helpers/repo.js';

describe('gitRecords', () => {
  it("gives git's output line by line, lines cut between chunks and lines longer than a chunk included", async () => {
    const repo = TestRepo.init();
    const stream = ['reset refs/heads/main\n'];
    for (let i = 0; i < 1500; i++) {
      // Subjects of every length up to a few KiB, and one far longer than a pipe's 64 KiB chunk.
      const subject = i === 700 ? 'y'.repeat(200_000) : `change ${i} ${'x'.repeat((i * 37) % 3000)}`;
      const message = `${subject}\n`;
      stream.push(`commit refs/heads/main\ncommitter Test <test@example.com> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`);
    }
    repo.gitInput(stream.join(''), 'fast-import', '--quiet');
    const args = ['log', '--format=%H %s', 'main'];
    const expected = repo.git(...args).split('\n');

    const lines: string[] = [];
    for await (const records of gitRecords(args, { cwd: repo.dir })) for (const r of records) lines.push(r.toString('utf8'));
    expect(lines).toHaveLength(1500);
    expect(lines).toEqual(expected);
  });
});
