import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../src/plan/attribute.js';
import { HistoryCacheReader, HistoryCacheWriter, type CacheHeader } from '../../src/repository/historyCache.js';
import { tempDir } from '../helpers/repo.js';

const id = (n: number, salt = 'a') => `${salt}${n.toString(16)}`.padStart(40, '0');
const header: CacheHeader = { layout: 'x', head: id(0), reached: [], unreached: [] };

/** A chain of commits, newest first; every third touches no package (its message is not kept). */
function chain(count: number): CommitRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const message = `fix(p${i % 7}): change ${i} — ünïcödé ${'x'.repeat(i % 300)}\n\nbody ${i}`;
    return { sha: id(i), parents: i + 1 < count ? [id(i + 1)] : [], packages: i % 3 === 2 ? [] : [i % 5, (i % 5) + 1], message: () => message };
  });
}

function written(file: string, records: CommitRecord[], result: unknown[]): void {
  const writer = new HistoryCacheWriter(file, header);
  for (const r of records) writer.add(r);
  writer.commit(result.map((v) => Buffer.from(`${JSON.stringify(v)}\n`)));
}

const plain = (records: CommitRecord[]) => records.map((r) => ({ sha: r.sha, parents: r.parents, packages: r.packages, message: r.packages.length ? r.message() : '' }));

describe('the history cache file', () => {
  it('gives back the result lines, however they fall across the pieces it is read in', () => {
    const file = path.join(tempDir(), 'history');
    // Lines of every length around the 64 KiB the reader reads at a time, one far longer, and text
    // whose multi-byte characters fall on piece boundaries.
    const values: unknown[] = [{ boundaries: 'b', packages: [[1, [0, 1]]] }];
    for (let i = 0; i < 400; i++) values.push({ sha: id(i), subject: `${'é'.repeat(i * 7)}\nline ${i}`, note: i % 2 ? null : 'a "quoted" \\ note' });
    values.push({ subject: '∑'.repeat(200_000) }, 'a string', 42, null, [1, [2, [3]]]);
    written(file, chain(10), values);
    const reader = HistoryCacheReader.open(file) as HistoryCacheReader;
    const got: unknown[] = [];
    expect(reader.result((line) => got.push(JSON.parse(line.toString())) > 0)).toBe(true);
    expect(got).toEqual(values);
    // A reader that stops early is told the lines it saw are not the whole result.
    expect(reader.result((line) => line.toString() !== '"a string"')).toBe(false);
    reader.close();
  });

  it('gives no result, rather than part of one, when the result block is damaged or cut short', () => {
    const file = path.join(tempDir(), 'history');
    const values = Array.from({ length: 3000 }, (_, i) => ({ n: i, text: 'y'.repeat(50) }));
    written(file, chain(5), values);
    const whole = readFileSync(file);
    const at = whole.indexOf('"n":1500');
    const flipped = Buffer.from(whole);
    flipped[at + 5] = '7'.charCodeAt(0);
    writeFileSync(file, flipped);
    const sound = (): boolean | undefined => HistoryCacheReader.open(file)?.result(() => true);
    expect(sound()).toBe(false);
    writeFileSync(file, whole.subarray(0, at));
    expect(sound()).toBe(false);
    writeFileSync(file, whole);
    expect(sound()).toBe(true);
  });

  it('copies record blocks into a new file through one buffer, each block whole', () => {
    const dir = tempDir();
    const records = chain(6000);
    written(path.join(dir, 'old'), records, []);
    const old = HistoryCacheReader.open(path.join(dir, 'old')) as HistoryCacheReader;
    const blocks = [...old.recordBlocks()].length;
    expect(blocks).toBeGreaterThan(3);

    const newer = { sha: id(1, 'b'), parents: [id(0)], packages: [3], message: () => 'feat: newest' };
    const writer = new HistoryCacheWriter(path.join(dir, 'new'), { ...header, head: newer.sha });
    writer.add(newer);
    const seen = new Set<ArrayBuffer>();
    for (const block of old.recordBlocks(true)) {
      seen.add(block.buffer as ArrayBuffer);
      writer.addBlock(block);
    }
    writer.commit([]);
    old.close();
    expect(seen.size).toBe(1);

    const copy = HistoryCacheReader.open(path.join(dir, 'new')) as HistoryCacheReader;
    expect(plain([...copy.records()].flat())).toEqual(plain([newer, ...records]));
    copy.close();
  });
});
