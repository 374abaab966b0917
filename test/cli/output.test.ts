import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printJson, type Output } from '../../src/cli/output.js';
import { GIT_ENV, TestRepo } from '../helpers/repo.js';

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));

/** A package with `count` commits since its release, made with one fast-import. */
function repoWithCommits(count: number): TestRepo {
  const repo = TestRepo.init();
  repo.commit('chore: init', { 'packages/a/package.json': '{ "name": "a", "version": "1.0.0" }\n' });
  repo.tag('a-v1.0.0');
  const stream = [`reset refs/heads/main\nfrom ${repo.git('rev-parse', 'HEAD')}\n`];
  for (let i = 0; i < count; i++) {
    const message = `fix: a change with a subject long enough to fill the output ${i}\n`;
    const data = `${i}\n`;
    stream.push(`commit refs/heads/main\ncommitter Test <test@example.com> ${1_700_000_100 + i} +0000\ndata ${message.length}\n${message}M 100644 inline packages/a/file.txt\ndata ${data.length}\n${data}\n`);
  }
  repo.gitInput(stream.join(''), 'fast-import', '--quiet');
  repo.git('reset', '-q', '--hard');
  return repo;
}

describe('output', () => {
  it('ends quietly when the reader closes the pipe early (relman plan --json | head)', async () => {
    const repo = repoWithCommits(3000);
    const child = spawn(process.execPath, [BIN, 'plan', '--json'], { cwd: repo.dir, env: { ...process.env, ...GIT_ENV, HOME: repo.dir } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toMatch(/^\{\n {2}"packages"/);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('gives the reader the JSON a piece at a time, each once the reader has taken the one before', async () => {
    const value = { packages: Array.from({ length: 3000 }, (_, i) => ({ name: `p${i}`, commits: [{ sha: 'f'.repeat(40), subject: `change ${i}` }] })) };
    const written: string[] = [];
    let release = () => {};
    const output: Output = {
      out: (text) => void written.push(text.endsWith('\n') ? text : `${text}\n`),
      err: () => {},
      drained: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const done = printJson(output, value);
    let finished = false;
    void done.then(() => (finished = true));
    for (let piece = 1; !finished; piece++) {
      await new Promise((resolve) => setImmediate(resolve));
      // Nothing more is written while the reader has not taken the last piece.
      expect(written).toHaveLength(piece);
      release();
    }
    expect(written.length).toBeGreaterThan(5);
    expect(written.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});
