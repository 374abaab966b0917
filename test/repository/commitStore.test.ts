import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planCommit } from '../../src/plan/planCommit.js';
import type { PlanCommit } from '../../src/plan/types.js';
import { bumpCode, bumpOfCode, openCommitStore, type CommitStore } from '../../src/repository/commitStore.js';
import { tempDir } from '../helpers/repo.js';

const MESSAGES = ['feat(api)!: ünïcödé — a new API', 'fix: a typo', 'chore: deps', 'feat: search', 'not conventional', 'docs(readme): "quoted" \\ text'];

/** Commits of every kind; one has a BREAKING CHANGE note longer than the store reads at once. */
function commits(count: number): PlanCommit[] {
  return Array.from({ length: count }, (_, i) => {
    const long = i === 7 ? `\n\nBREAKING CHANGE: ${'∑ the whole API moved '.repeat(5000)}` : '';
    return planCommit(i.toString(16).padStart(40, '0'), `${MESSAGES[i % MESSAGES.length]} ${i}${long}`, i % 4 ? 'patch' : 'none');
  });
}

const numbers = (...n: number[]) => Uint32Array.from(n);

/** A store's contents as one buffer (each piece copied as it comes: the store reuses it for the next). */
function contents(store: CommitStore): Buffer {
  const pieces: Buffer[] = [];
  for (const piece of store.contents()) pieces.push(Buffer.from(piece));
  return Buffer.concat(pieces);
}

const NO_FOLDER = path.join(tempDir(), 'missing');
const TMPDIR = process.env.TMPDIR;
afterEach(() => {
  if (TMPDIR === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = TMPDIR;
});

describe.each([
  ['in a temporary file', () => openCommitStore()],
  // No temporary folder to write in: the store keeps the commits in memory, with the same behaviour.
  ['in memory, where no temporary file can be made', () => {
    process.env.TMPDIR = NO_FOLDER;
    return openCommitStore();
  }],
])('the commit store %s', (_, open: () => CommitStore) => {
  it('gives back each commit as it was kept, in any order a list asks, and its bump without reading it', () => {
    const store = open();
    const all = commits(3000);
    expect(all.map((c) => store.add(c))).toEqual(all.map((_, i) => i));
    const order = numbers(2999, 7, 0, 7, 1500, 8, 6, 2998);
    const list = store.list(order);
    expect(list.length).toBe(order.length);
    expect([...list]).toEqual(Array.from(order, (n) => all[n]));
    expect([...list.bumps()]).toEqual(Array.from(order, (n) => all[n]?.bump));
    // Read twice: a list is read again for each use (the JSON, then the changelog).
    expect([...list].map((c) => c.sha)).toEqual(Array.from(order, (n) => all[n]?.sha));
    expect(store.bumpCodes()).toBe(all.map((c) => bumpCode(c.bump)).join(''));
    // Ascending as a package's commits are: runs, lone commits far apart, the long one inside a run.
    const ascending = numbers(...Array.from({ length: 40 }, (_, i) => i), 100, 400, 401, 402, 2500, 2999);
    expect([...store.list(ascending)]).toEqual(Array.from(ascending, (n) => all[n]));
  });

  it('gives its lines to copy into another store, which reads them back the same', () => {
    const store = open();
    const all = commits(2500);
    for (const c of all) store.add(c);
    const lines = contents(store).toString().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(all);

    const copy = open();
    copy.add(all[1] as PlanCommit);
    const codes = store.bumpCodes();
    let at = 0;
    lines.forEach((line, i) => {
      expect(copy.addLine(Buffer.from(line), bumpOfCode(codes.charAt(i)) ?? null)).toBe(i + 1);
      at += line.length;
    });
    expect(at).toBeGreaterThan(64 * 1024);
    const every = Uint32Array.from(all, (_, i) => i + 1);
    expect([...copy.list(every)]).toEqual(all);
    expect([...copy.list(every).bumps()]).toEqual(all.map((c) => c.bump));
  });

  it('reads back a store larger than what it keeps of the file, in the order plans read, and after more is added', () => {
    const store = open();
    // Some 3 MB of lines, more than the 1 MiB of the file kept once read.
    const all = commits(12_000).map((c, i) => ({ ...c, body: `${'detail '.repeat(30)}${i}` }));
    for (const c of all.slice(0, 11_000)) store.add(c);
    // Each package's commits in turn, spread over the whole file, twice over.
    for (let round = 0; round < 2; round++) {
      for (let pkg = 0; pkg < 7; pkg++) {
        const mine = Uint32Array.from({ length: 11_000 / 7 }, (_, k) => k * 7 + pkg);
        expect([...store.list(mine)]).toEqual(Array.from(mine, (n) => all[n]));
      }
    }
    // The last piece read grows as commits are added after it.
    for (const c of all.slice(11_000)) store.add(c);
    const last = Uint32Array.from({ length: 1_100 }, (_, k) => 10_900 + k);
    expect([...store.list(last)]).toEqual(Array.from(last, (n) => all[n]));
  });

  it('forgets the commits after a number, and keeps what comes after them', () => {
    const store = open();
    const all = commits(40);
    for (const c of all.slice(0, 30)) store.add(c);
    store.truncate(20);
    expect(store.count).toBe(20);
    for (const c of all.slice(30)) store.add(c);
    const kept = [...all.slice(0, 20), ...all.slice(30)];
    expect([...store.list(Uint32Array.from(kept, (_, i) => i))]).toEqual(kept);
    expect(contents(store).toString()).toBe(kept.map((c) => `${JSON.stringify(c)}\n`).join(''));
  });
});

describe('bump codes', () => {
  it('stand for each bump, and for nothing else', () => {
    for (const bump of ['major', 'minor', 'patch', null] as const) expect(bumpOfCode(bumpCode(bump))).toBe(bump);
    for (const code of ['', 'x', 'pm', 'P']) expect(bumpOfCode(code)).toBeUndefined();
  });
});
