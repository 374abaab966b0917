import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/text/jsonChunks.js';

const text = (value: unknown, indent?: number) => [...jsonChunks(value, indent)].join('');

describe('jsonChunks', () => {
  it('writes what JSON.stringify writes, indented or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        expect(text(value, indent)).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out undefined and functions in objects, writes null for them in arrays, and calls toJSON', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, () => 1, 3], d: new Date(0), e: {} , f: [] };
    expect(text(value, 2)).toBe(JSON.stringify(value, null, 2));
    expect(text(value)).toBe(JSON.stringify(value));
  });

  it('cuts a long text into pieces of about 64 KiB', () => {
    const value = { commits: Array.from({ length: 20_000 }, (_, i) => ({ sha: i.toString(16).padStart(40, '0'), subject: `change ${i}` })) };
    const chunks = [...jsonChunks(value, 2)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    expect(chunks.join('')).toBe(JSON.stringify(value, null, 2));
  });
});
