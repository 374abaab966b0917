import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes. */
export const COMMON_OPTIONS = {
  cwd: { type: 'string' },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/**
 * Parses a command's flags strictly: an unknown flag or a missing value is a usage error (exit 2).
 * `positionals` is the most positional arguments the command takes.
 */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`, `run: relman ${command} --help`);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals]}"`, `run: relman ${command} --help`);
  }
  const values = parsed.values as { cwd?: string; json: boolean; debug: boolean; help: boolean } & typeof parsed.values;
  return { values, positionals: parsed.positionals, cwd: path.resolve(values.cwd ?? process.cwd()) };
}
