import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * Texts that grow with a repository (a listing of its files, a memo of its manifests) go to and from
 * files in pieces, never as one buffer. glibc's malloc gives a request of 128 KiB or more a mapping
 * of its own, and once such a block is freed it serves every smaller request from its heap for the
 * rest of the process, keeping up to twice that block's size free there instead of returning it: one
 * 2 MB buffer made and freed at the start held relman's memory a few MB higher for the whole run,
 * more the bigger the repository (bench/RESULTS.md).
 */
const PIECE_BYTES = 64 * 1024;
/** UTF-16 units per piece: three UTF-8 bytes at most each, so a piece's bytes stay within PIECE_BYTES. */
const PIECE_UNITS = Math.floor(PIECE_BYTES / 3);

/** `text` in pieces that encode to at most PIECE_BYTES, never splitting a surrogate pair. */
export function* textPieces(text: string): Generator<string> {
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + PIECE_UNITS);
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    yield text.slice(from, to);
    from = to;
  }
}

/** A file's text, decoded as UTF-8 a window at a time. */
export function readTextFile(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const window = Buffer.alloc(PIECE_BYTES);
    const decoder = new StringDecoder('utf8');
    let text = '';
    for (let got = readSync(fd, window); got > 0; got = readSync(fd, window)) text += decoder.write(window.subarray(0, got));
    return text + decoder.end();
  } finally {
    closeSync(fd);
  }
}

/** Writes (creating or replacing) a file from pieces of text, each encoded as it is written. */
export function writeTextFile(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const text of pieces) for (const piece of textPieces(text)) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}
