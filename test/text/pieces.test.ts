import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextFile, textPieces, writeTextFile } from '../../src/text/pieces.js';

const dir = mkdtempSync(path.join(tmpdir(), 'relman-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Long enough for many pieces and windows, with characters of every UTF-8 length at every offset.
const text = Array.from({ length: 60_000 }, (_, i) => ['a', 'é', '漢', '🎉', '\n'][i % 5]).join('').repeat(3);

describe('texts in pieces', () => {
  it('cuts a text into pieces of at most 64 KiB of UTF-8 that join back to it, never inside a surrogate pair', () => {
    const pieces = [...textPieces(text)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(64 * 1024);
      expect(Buffer.from(piece).toString()).toBe(piece);
    }
    expect([...textPieces('')]).toEqual([]);
  });

  it('writes and reads a file a piece at a time, as UTF-8, characters cut by a window included', () => {
    const file = path.join(dir, 'memo.json');
    writeTextFile(file, ['head\n', text]);
    expect(readFileSync(file, 'utf8')).toBe(`head\n${text}`);
    expect(readTextFile(file)).toBe(`head\n${text}`);
    writeTextFile(file, ['short']);
    expect(readTextFile(file)).toBe('short');
  });
});
