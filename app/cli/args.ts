/**
 * Argument parsing: node's own `parseArgs` in strict mode (no CLI framework,
 * so nothing extra loads at startup), with its errors turned into one line
 * that names the command and where to look.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '../shared/duration.ts';
import { UsageError } from './errors.ts';
import type { CommandName } from './help.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
}

export function parseCommandArgs<O extends Options>(
  command: CommandName,
  args: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${firstSentence(error)} (see upkeep ${command} --help)`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) {
    throw new UsageError(`upkeep ${command} needs ${positionals.names} (see upkeep ${command} --help)`);
  }
  if (count > positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}" (see upkeep ${command} --help)`);
  }
  return parsed;
}

/** node's messages go on with advice about `--`; the first sentence is what went wrong. */
function firstSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const sentence = message.split(/\.\s/)[0] ?? message;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, '');
}

/** A port typed on the command line: digits only (`8080`, not `8080abc` or `0x1f90`), then the schema checks the range. */
export function portArgument(text: string, what = 'port'): number {
  if (!/^\d{1,5}$/.test(text)) throw new UsageError(`${what} must be a number from 1 to 65535, not "${text}"`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new UsageError(`${what} must be a number from 1 to 65535, not "${text}"`);
  return port;
}

export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  return own.includes('--help') || own.includes('-h');
}

/** A duration typed on the command line (`15s`, `2m`, `500ms`), in milliseconds. */
export function durationArgument(text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`${what} must be a duration such as 500ms, 15s, 2m, 1h or 2d, not "${text}"`);
  return ms;
}
