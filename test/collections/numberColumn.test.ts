import { describe, expect, it } from 'vitest';
import { NumberColumn } from '../../src/collections/numberColumn.js';

describe('NumberColumn', () => {
  it('keeps every number where it was put, across blocks, before and after one needs more than 16 bits', () => {
    const column = new NumberColumn();
    const given = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 65_536);
    for (const n of given) column.push(n);
    expect(column.length).toBe(10_000);
    expect(Array.from({ length: column.length }, (_, i) => column.get(i))).toEqual(given);
    column.push(70_000);
    column.set(3, 4_294_967_295);
    given.push(70_000);
    given[3] = 4_294_967_295;
    for (let i = 0; i < 5_000; i++) {
      column.push(i);
      given.push(i);
    }
    expect(Array.from({ length: column.length }, (_, i) => column.get(i))).toEqual(given);
  });
});
