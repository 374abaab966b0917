/** Strings of about this many characters: large enough to write at once, small enough to hold. */
const CHUNK = 64 * 1024;

/**
 * The text of `JSON.stringify(value, null, indent)` as pieces of about 64 KiB, so that a plan of
 * tens of thousands of commits is written without its whole text ever being one string in memory.
 * Containers that hold containers are walked; the others are left to JSON.stringify whole. What is
 * walked follows JSON.stringify's rules: toJSON first; undefined and functions leave out an object's
 * key and are null in an array.
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
    } else if (!holdsContainer(json)) {
      // A flat object or array (a commit, a list of names) is small: JSON.stringify writes it fastest.
      const text = JSON.stringify(json, null, indent);
      put(indent && pad ? text.replaceAll('\n', `\n${pad}`) : text);
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

function holdsContainer(container: object): boolean {
  for (const item of Array.isArray(container) ? container : Object.values(container)) if (item !== null && typeof item === 'object') return true;
  return false;
}

function toJsonValue(v: unknown): unknown {
  const withToJson = v as { toJSON?: () => unknown } | null;
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON() : v;
}

function serializable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}
