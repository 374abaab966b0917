/** Strings of about this many characters: large enough to write at once, small enough to hold. */
const CHUNK = 64 * 1024;

/**
 * The text of `JSON.stringify(value, null, indent)` as pieces of about 64 KiB, so that a plan of
 * tens of thousands of commits is written without its whole text ever being one string in memory.
 * Containers are walked; values inside them that are neither arrays nor objects are stringified
 * one by one (as JSON.stringify would: toJSON first; undefined and functions leave out an object's
 * key and are null in an array).
 */
export function* jsonChunks(value: unknown, indent = 0): Generator<string> {
  const parts: string[] = [];
  let size = 0;
  const put = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  const step = ' '.repeat(indent);
  function* walk(v: unknown, pad: string): Generator<string> {
    const json = toJsonValue(v);
    if (json === null || typeof json !== 'object') {
      put(JSON.stringify(json) ?? 'null');
    } else {
      const inner = indent ? `\n${pad}${step}` : '';
      const entries: [string | null, unknown][] = Array.isArray(json)
        ? json.map((item) => [null, item])
        : Object.entries(json).filter(([, item]) => serializable(toJsonValue(item)));
      const [open, close] = Array.isArray(json) ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) {
        put(open + close);
      } else {
        put(open);
        for (let i = 0; i < entries.length; i++) {
          const [key, item] = entries[i] as [string | null, unknown];
          put((i ? ',' : '') + inner + (key === null ? '' : `${JSON.stringify(key)}:${indent ? ' ' : ''}`));
          yield* walk(item, pad + step);
        }
        put((indent ? `\n${pad}` : '') + close);
      }
    }
    if (size >= CHUNK) yield flush();
  }
  function flush(): string {
    const text = parts.join('');
    parts.length = 0;
    size = 0;
    return text;
  }
  yield* walk(value, '');
  if (size) yield flush();
}

function toJsonValue(v: unknown): unknown {
  const withToJson = v as { toJSON?: () => unknown } | null;
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON() : v;
}

function serializable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}
