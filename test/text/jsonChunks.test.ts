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

  it('writes long arrays of flat and nested values, in batches and one by one, as JSON.stringify does', () => {
    const flat = Array.from({ length: 1000 }, (_, i) => (i % 3 ? { i, s: `v${i}`, d: new Date(i) } : i % 2 ? null : [i, 'x']));
    const mixed = Array.from({ length: 700 }, (_, i) => (i % 300 === 0 ? { nested: { deep: [i] } } : { i }));
    for (const value of [flat, mixed, { a: flat, b: { c: mixed } }, [[flat]]]) {
      expect(text(value, 2)).toBe(JSON.stringify(value, null, 2));
      expect(text(value)).toBe(JSON.stringify(value));
    }
  });

  it('cuts a long text into pieces of tens of KiB', () => {
    const value = { commits: Array.from({ length: 20_000 }, (_, i) => ({ sha: i.toString(16).padStart(40, '0'), subject: `change ${i}` })) };
    const chunks = [...jsonChunks(value, 2)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(128 * 1024);
    expect(chunks.join('')).toBe(JSON.stringify(value, null, 2));
  });
});

describe('jsonChunks on generators', () => {
  function* count(n: number, make: (i: number) => unknown = (i) => ({ i, s: `v${i}` })): Generator<unknown> {
    for (let i = 0; i < n; i++) yield make(i);
  }

  it('writes a generator as the array it gives, empty or long, flat or nested', () => {
    for (const n of [0, 1, 255, 256, 257, 1000]) {
      // A generator gives its items once: each writing has its own.
      const value = () => ({ commits: { toJSON: () => count(n) }, nested: count(n, (i) => ({ deep: [i, count(2)] })) });
      const expected = { commits: [...count(n)], nested: [...count(n, (i) => ({ deep: [i, [...count(2)]] }))] };
      expect(text(value(), 2)).toBe(JSON.stringify(expected, null, 2));
      expect(text(value())).toBe(JSON.stringify(expected));
    }
  });

  it('leaves other iterables to JSON.stringify\'s rules', () => {
    const value = { map: new Map([[1, 2]]), set: new Set([1]) };
    expect(text(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  it('takes a generator a batch at a time, as it writes', () => {
    let taken = 0;
    function* counted(): Generator<unknown> {
      for (let i = 0; i < 20_000; i++) {
        taken++;
        yield { sha: i.toString(16).padStart(40, '0'), subject: `change ${i}` };
      }
    }
    const chunks = jsonChunks({ commits: counted() }, 2);
    chunks.next();
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(2000);
  });
});
