/** Numbers per block: 8 KiB at 16 bits, far under the 128 KiB from which malloc maps a block on its own (text/pieces.ts). */
const SHIFT = 12;
const MASK = (1 << SHIFT) - 1;

/**
 * Whole numbers from 0 to 2³² − 1, one per position, added at the end: as many as a repository has
 * tags. They are kept in blocks of equal size, at 16 bits each until one needs more, so that nothing
 * grows by copies as long as the column (a copy waits for a full collection to be freed, and once
 * freed keeps malloc's heap up) and no room is left over beyond the last block.
 */
export class NumberColumn {
  private blocks: (Uint16Array | Uint32Array)[] = [];
  private wide = false;
  length = 0;

  push(n: number): void {
    if ((this.length & MASK) === 0) this.blocks.push(this.wide ? new Uint32Array(MASK + 1) : new Uint16Array(MASK + 1));
    this.set(this.length++, n);
  }

  get(i: number): number {
    return (this.blocks[i >>> SHIFT] as Uint16Array)[i & MASK] as number;
  }

  set(i: number, n: number): void {
    if (n > 0xffff && !this.wide) {
      this.blocks = this.blocks.map((block) => Uint32Array.from(block));
      this.wide = true;
    }
    (this.blocks[i >>> SHIFT] as Uint16Array)[i & MASK] = n;
  }
}
