import { Composer, LineCounter, Parser, type CST, type Document } from 'yaml';

/** Config repositories hold small manifests; anything bigger is not one, and is skipped. */
export const MAX_YAML_BYTES = 2 * 1024 * 1024;
/** Aliases expanded when reading a document's values: enough for real manifests, not for a bomb. */
const MAX_ALIAS_COUNT = 100;

/** A file, or a line of it, that cannot be read as YAML; reported as a warning and skipped. */
export class YamlFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

/**
 * One YAML file parsed once into its concrete syntax tree, which keeps every byte's position, so a
 * value can be rewritten without touching the rest; documents are composed from the same tokens.
 */
export class YamlFile {
  readonly tokens: CST.Token[];
  private readonly lines = new LineCounter();
  private composed: Document.Parsed[] | null = null;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    if (text.length > MAX_YAML_BYTES) throw new YamlFileError(file, null, `larger than ${MAX_YAML_BYTES} bytes`);
    this.tokens = [...new Parser(this.lines.addNewLine).parse(text)];
  }

  lineOf(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** The file's documents; throws YamlFileError naming the first error's line. */
  documents(): Document.Parsed[] {
    if (this.composed) return this.composed;
    const docs = [...new Composer({ uniqueKeys: true }).compose(this.tokens)];
    for (const doc of docs) {
      const error = doc.errors[0];
      if (error) throw new YamlFileError(this.file, this.lineOf(error.pos[0]), error.message.split('\n')[0] ?? error.code);
    }
    this.composed = docs;
    return docs;
  }

  /** A document's plain value, with alias expansion bounded. */
  valueOf(doc: Document.Parsed): unknown {
    try {
      return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw new YamlFileError(this.file, doc.range ? this.lineOf(doc.range[0]) : null, (e as Error).message);
    }
  }

  /** The document whose source holds `offset`. */
  documentAt(offset: number): Document.Parsed | undefined {
    return this.documents().find((d) => offset >= d.range[0] && offset < d.range[2]);
  }
}
