/**
 * Strings of about this many characters, and array elements JSON.stringify writes at once when none
 * of them holds a container. Small, so that what a piece is made of is garbage before the young
 * generation is next collected: with 64 KiB and 256, pieces lived long enough to be moved to the old
 * generation, which grew with the length of the output (a 12 MB plan: 6 MB more at the peak).
 */
const CHUNK = 16 * 1024;
const BATCH = 64;

/**
 * The text of `JSON.stringify(value, null, indent)` as pieces of about CHUNK characters, so that a plan of
 * tens of thousands of commits is written without its whole text ever being one string in memory.
 * Only what holds containers is walked; flat objects, and flat array elements a batch at a time, are
 * left to JSON.stringify, which writes them fastest. What is walked follows JSON.stringify's rules:
 * toJSON first; undefined and functions leave out an object's key and are null in an array. One
 * addition: a generator is written as the array of what it gives, taken a batch at a time, so that a
 * list read from disk as it is written is never held whole (JSON.stringify writes `{}` for one).
 */
export function* jsonChunks(value: unknown, indent = 0): Generator<string> {
  const parts: string[] = [];
  let size = 0;
  const put = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  const full = () => size >= CHUNK;
  const step = ' '.repeat(indent);
  /**
   * JSON.stringify's text for a value written at indentation `pad`. Inside as many arrays as `pad` has
   * steps, JSON.stringify indents the value itself, and the arrays' lines are cut off (a view, not a
   * copy): indenting every line again afterwards copied each piece of a long plan once more.
   */
  const native = (v: unknown, pad: string) => {
    const depth = indent ? pad.length / indent : 0;
    // A value that is no container is written on one line wherever it is.
    if (depth === 0 || v === null || typeof v !== 'object') return JSON.stringify(v, null, indent) ?? 'null';
    let wrapped = v;
    for (let d = 0; d < depth; d++) wrapped = [wrapped];
    const text = JSON.stringify(wrapped, null, indent);
    // The arrays' lines: `[` and a newline at each depth above the value's, closed the same way.
    const lines = (indent * depth * (depth - 1)) / 2 + 2 * depth;
    return text.slice(lines + pad.length, text.length - lines);
  };
  function* walk(v: unknown, pad: string): Generator<string> {
    const json = toJsonValue(v);
    if (isFlat(json)) {
      put(native(json, pad));
      return;
    }
    const inner = indent ? `\n${pad}${step}` : '';
    if (isList(json)) {
      const items = json[Symbol.iterator]();
      let batch = take(items, BATCH);
      if (!batch.length) {
        put('[]');
        return;
      }
      put('[');
      for (let i = 0; batch.length; i += BATCH, batch = take(items, BATCH)) {
        if (batch.every(isFlat)) {
          // The batch's own brackets (and, indented, the newline before its `]`) are dropped.
          const text = native(batch, pad);
          put((i ? ',' : '') + text.slice(1, indent ? text.length - 2 - pad.length : -1));
        } else {
          for (let k = 0; k < batch.length; k++) {
            put((i + k ? ',' : '') + inner);
            yield* walk(batch[k], pad + step);
          }
        }
        if (full()) yield flush();
      }
      put((indent ? `\n${pad}` : '') + ']');
      return;
    }
    const entries = Object.entries(json as object).filter(([, item]) => serializable(toJsonValue(item)));
    put('{');
    for (let i = 0; i < entries.length; i++) {
      const [key, item] = entries[i] as [string, unknown];
      put((i ? ',' : '') + inner + `${JSON.stringify(key)}:${indent ? ' ' : ''}`);
      yield* walk(item, pad + step);
      if (full()) yield flush();
    }
    put((indent ? `\n${pad}` : '') + '}');
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

/** What is written as an array: an array, or a generator. */
function isList(v: unknown): v is Iterable<unknown> {
  return Array.isArray(v) || Object.prototype.toString.call(v) === '[object Generator]';
}

/** The next `count` items (fewer at the end). */
function take(items: Iterator<unknown>, count: number): unknown[] {
  const batch: unknown[] = [];
  for (let item = items.next(); !item.done; item = items.next()) {
    if (batch.push(item.value) >= count) break;
  }
  return batch;
}

/** A value JSON.stringify can write whole: a primitive, or a container that holds no container. */
function isFlat(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every((item) => item === null || typeof item !== 'object');
  if (isList(v)) return false;
  // Not Object.values: an array made for every object of a long plan is garbage to collect.
  for (const key in v) {
    const item = (v as Record<string, unknown>)[key];
    if (Object.hasOwn(v, key) && item !== null && typeof item === 'object') return false;
  }
  return true;
}

function toJsonValue(v: unknown): unknown {
  const withToJson = v as { toJSON?: () => unknown } | null;
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON() : v;
}

function serializable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}
