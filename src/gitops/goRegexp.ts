/**
 * Go (RE2) regular expressions, as Flux's `filterTags.pattern` is written, run by JavaScript's engine.
 * Both engines pick the leftmost-first match with the same submatches, so translating the syntax is
 * enough: named groups `(?P<n>…)`, leading flags `(?i)`, `\z`, `\A`, `\Q…\E`, `\x{…}`, POSIX classes,
 * Go's `\s` and `.`, and the literal braces and escaped punctuation that Go accepts. What Go rejects
 * (lookarounds, backreferences) is rejected here too.
 */
export class GoRegexpError extends Error {}

export interface GoRegexp {
  regexp: RegExp;
  /** Capture group names by group number (index 0 is the whole match); '' for unnamed groups. */
  names: string[];
}

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');
const GO_SPACE = '\\t\\n\\f\\r ';
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

export function compileGoRegexp(pattern: string): GoRegexp {
  const t = new Translator(pattern);
  const source = t.translate();
  try {
    return { regexp: new RegExp(source, `u${t.flags}`), names: t.names };
  } catch (e) {
    throw new GoRegexpError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}

class Translator {
  private i = 0;
  flags = '';
  names: string[] = [''];
  private dotAll = false;

  constructor(private readonly src: string) {}

  translate(): string {
    this.leadingFlags();
    let out = '';
    while (this.i < this.src.length) out += this.outside();
    return out;
  }

  private fail(what: string): never {
    throw new GoRegexpError(`invalid regular expression ${JSON.stringify(this.src)}: ${what}`);
  }

  /** `(?ims)` at the very start becomes JavaScript flags; Go allows them anywhere, JS only as flags. */
  private leadingFlags(): void {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(this.src);
    if (!m) return;
    for (const f of m[1] ?? '') {
      if (f === 'i' || f === 'm' || f === 's') {
        if (!this.flags.includes(f)) this.flags += f;
      } else this.fail(`unsupported flag (?${f})`);
    }
    this.dotAll = this.flags.includes('s');
    this.flags = this.flags.replace('s', '');
    this.i = m[0].length;
  }

  private next(): string {
    const c = String.fromCodePoint(this.src.codePointAt(this.i) ?? 0);
    this.i += c.length;
    return c;
  }

  private outside(): string {
    const c = this.next();
    switch (c) {
      case '\\':
        return this.escape(false);
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return this.dotAll ? '[\\s\\S]' : '[^\\n]';
      case '{': {
        const rep = /^\d+(,\d*)?\}/.exec(this.src.slice(this.i));
        if (!rep) return '\\{';
        this.i += rep[0].length;
        return `{${rep[0]}`;
      }
      case '}':
      case ']':
        return `\\${c}`;
      default:
        return c;
    }
  }

  private group(): string {
    const rest = this.src.slice(this.i);
    const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      this.i += named[0].length;
      this.names.push(named[1] ?? '');
      return `(?<${named[1]}>`;
    }
    if (rest.startsWith('?:')) {
      this.i += 2;
      return '(?:';
    }
    if (rest.startsWith('?')) this.fail(`unsupported group syntax (${rest.slice(0, 4)}`);
    this.names.push('');
    return '(';
  }

  private charClass(): string {
    let out = '[';
    if (this.src[this.i] === '^') {
      out += '^';
      this.i++;
    }
    // Go reads a `]` right after `[` or `[^` as a literal.
    if (this.src[this.i] === ']') {
      out += '\\]';
      this.i++;
    }
    for (;;) {
      if (this.i >= this.src.length) this.fail('missing closing ]');
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
      if (posix) {
        const range = POSIX[posix[2] ?? ''];
        if (!range || posix[1]) this.fail(`unsupported character class ${posix[0]}`);
        out += range;
        this.i += posix[0].length;
        continue;
      }
      const c = this.next();
      if (c === ']') return `${out}]`;
      if (c === '\\') out += this.escape(true);
      else if (c === '[') out += '\\[';
      else out += c;
    }
  }

  private escape(inClass: boolean): string {
    if (this.i >= this.src.length) this.fail('trailing backslash');
    const c = this.next();
    switch (c) {
      case 'd': case 'D': case 'w': case 'W':
        return `\\${c}`;
      case 'b': case 'B':
        if (inClass) this.fail(`\\${c} inside a character class`);
        return `\\${c}`;
      case 's':
        return inClass ? GO_SPACE : `[${GO_SPACE}]`;
      case 'S':
        return inClass ? '\\S' : `[^${GO_SPACE}]`;
      case 'A':
        return '(?<![\\s\\S])';
      case 'z':
        return '(?![\\s\\S])';
      case 'a': return '\\x07';
      case 'f': return '\\f';
      case 't': return '\\t';
      case 'n': return '\\n';
      case 'r': return '\\r';
      case 'v': return '\\v';
      case 'p': case 'P':
        return this.unicodeClass(c);
      case 'x':
        return this.hex();
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i);
        const literal = this.src.slice(this.i, end < 0 ? undefined : end);
        this.i = end < 0 ? this.src.length : end + 2;
        return [...literal].map((ch) => codePoint(ch)).join('');
      }
      default:
        if (/[0-7]/.test(c)) return this.octal(c);
        if (/[0-9A-Za-z]/.test(c)) this.fail(`invalid escape sequence \\${c}`);
        if (JS_SYNTAX.has(c) || (inClass && c === '-')) return `\\${c}`;
        return c === '-' ? '-' : codePoint(c);
    }
  }

  private unicodeClass(p: string): string {
    let name: string;
    if (this.src[this.i] === '{') {
      const end = this.src.indexOf('}', this.i);
      if (end < 0) this.fail('missing } in \\p{…}');
      name = this.src.slice(this.i + 1, end);
      this.i = end + 1;
    } else name = this.next();
    let negate = p === 'P';
    if (name.startsWith('^')) {
      negate = !negate;
      name = name.slice(1);
    }
    if (name === 'Any') return negate ? '[^\\s\\S]' : '[\\s\\S]';
    // One or two letters name a general category (L, Lu); anything longer is a script (Greek).
    const property = name.length <= 2 ? name : `Script=${name}`;
    return `\\${negate ? 'P' : 'p'}{${property}}`;
  }

  private hex(): string {
    const rest = this.src.slice(this.i);
    const m = /^\{([0-9A-Fa-f]{1,6})\}/.exec(rest) ?? /^([0-9A-Fa-f]{2})/.exec(rest);
    if (!m) this.fail('invalid \\x escape');
    this.i += m[0].length;
    return `\\u{${m[1]}}`;
  }

  /** `\0`, `\012`, `\123`: Go's octal escapes; a lone `\1`–`\7` is a backreference, which Go refuses. */
  private octal(first: string): string {
    const rest = /^[0-7]{0,2}/.exec(this.src.slice(this.i))?.[0] ?? '';
    if (first !== '0' && rest === '') this.fail(`backreferences are not supported (\\${first})`);
    this.i += rest.length;
    return `\\u{${parseInt(first + rest, 8).toString(16)}}`;
  }
}

function codePoint(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/**
 * Go's Regexp.Expand: `$name`, `${name}`, `$1`, `$$`. A name is the longest run of letters, digits and
 * `_` (so `$1x` means the group named `1x`); an unknown or unmatched group expands to nothing; a `$` not
 * followed by a name stays as it is.
 */
export function expandTemplate(template: string, match: RegExpExecArray, names: string[]): string {
  let out = '';
  let rest = template;
  for (;;) {
    const at = rest.indexOf('$');
    if (at < 0) return out + rest;
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(\{)?([\p{L}\p{Nd}_]+)(\})?/u.exec(rest);
    if (!ref || (ref[1] && !ref[3])) {
      out += '$';
      continue;
    }
    const name = ref[2] ?? '';
    rest = rest.slice(ref[1] ? ref[0].length : (ref[2] ?? '').length);
    const index = /^(0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : names.indexOf(name);
    if (index >= 0) out += match[index] ?? '';
  }
}
