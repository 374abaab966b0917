import { describe, expect, it } from 'vitest';
import { ownCopy } from '../../src/text/ownCopy.js';

describe('ownCopy', () => {
  it('gives the same text for any string, including one that is not valid UTF-16', () => {
    const listing = 'packages/api/package.json\0packages/café/ü.json\0bad \ud800 half\0';
    for (const part of ['', ...listing.split('\0')]) expect(ownCopy(part)).toBe(part);
    expect(ownCopy('emoji 🎉 and 漢字')).toBe('emoji 🎉 and 漢字');
  });
});
