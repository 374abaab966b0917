import { describe, expect, it } from 'vitest';
import { heapFlags } from '../../src/cli/heap.js';

describe('heapFlags', () => {
  it('keeps the young generation at its first size and collects the old one after a quarter of growth', () => {
    expect(heapFlags([], '')).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=25']);
  });

  it('leaves a flag the user gave node on its command line, in either spelling', () => {
    expect(heapFlags(['--semi_space_growth_factor=4'])).toEqual(['--heap-growing-percent=25']);
    expect(heapFlags(['--heap-growing-percent=50', '--enable-source-maps'])).toEqual(['--semi-space-growth-factor=1']);
  });

  it('leaves the young generation alone when the user sized it', () => {
    expect(heapFlags(['--max-semi-space-size=64'])).toEqual(['--heap-growing-percent=25']);
    expect(heapFlags(['--min_semi_space_size=8'])).toEqual(['--heap-growing-percent=25']);
    expect(heapFlags(['--max-old-space-size=4096'])).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=25']);
  });

  // NODE_OPTIONS takes only --max-semi-space-size of these (node refuses the others there).
  it('leaves the young generation alone when NODE_OPTIONS sizes it', () => {
    expect(heapFlags([], '--max-old-space-size=4096 --max_semi_space_size=16')).toEqual(['--heap-growing-percent=25']);
    expect(heapFlags([], '--max-old-space-size=4096')).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=25']);
  });
});
