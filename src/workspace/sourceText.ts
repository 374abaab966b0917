/** Small text helpers for editing manifests in place. */

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** TOML and JSON parsers reject a byte order mark, so parse the body and shift offsets by its length. */
export function splitBom(text: string): { bom: number; body: string } {
  return text.startsWith('\uFEFF') ? { bom: 1, body: text.slice(1) } : { bom: 0, body: text };
}

/** Replaces `text[start, end)`. */
export function replaceRange(text: string, start: number, end: number, value: string): string {
  return text.slice(0, start) + value + text.slice(end);
}

/** Replaces what stands between the quotes of a string literal at `[start, end)`, keeping the quotes (`"`, `'`, `"""`, `'''`). */
export function replaceQuoted(text: string, start: number, end: number, value: string): string {
  const raw = text.slice(start, end);
  const quote = /^("""|'''|"|')/.exec(raw)?.[1] ?? '';
  return replaceRange(text, start + quote.length, end - quote.length, value);
}
