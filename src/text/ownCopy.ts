/**
 * A copy of `text` that keeps no other string alive. V8 makes a slice or a split of a string (of 13
 * characters or more) a view into the whole, so one path kept from a long git output would keep the
 * whole output in memory for as long as the path lives. UTF-16 carries every string as it is.
 */
export function ownCopy(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
