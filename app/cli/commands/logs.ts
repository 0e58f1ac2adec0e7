/** `upkeep logs NAME [-n N] [-f]`: straight from the log file, engine or not. */
import fs from 'node:fs';
import { LOG_DEFAULTS } from '../../config/defaults.ts';
import { readConfig } from '../../config/store.ts';
import { followFile } from '../../logs/follow.ts';
import { tailLines } from '../../logs/tail.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { serviceNameArgument } from '../service-args.ts';

const MAX_LINES = 100_000;

export async function logs(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'logs',
    args,
    { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
    { min: 1, max: 1, names: 'a service name' },
  );
  const name = serviceNameArgument(positionals[0] ?? '');
  const count = values.lines === undefined ? LOG_DEFAULTS.tailLines : lineCount(values.lines);
  const config = readConfig(ctx.paths);
  if (!config.ok) ctx.err(`upkeep: ${config.error}`);
  else if (!(config.config.services ?? []).some((service) => service.name === name)) {
    throw new UsageError(`unknown service "${name}" (see upkeep status)`);
  }

  const file = ctx.paths.log(name);
  // One offset shared by the tail and the follow: no line printed twice, none skipped in between.
  const end = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  const lines = await tailLines(file, count, { end });
  if (lines.length > 0) ctx.out(lines.join('\n'));
  if (!values.follow) return EXIT_OK;

  const unfollow = followFile(file, (more) => ctx.out(more.join('\n')), { from: end });
  // The follower holds no handle that keeps node alive (it must not, inside the engine); this one does.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  unfollow();
  return EXIT_OK;
}

function lineCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_LINES) throw new UsageError(`-n must be a number from 0 to ${MAX_LINES}, not "${text}"`);
  return Number(text);
}
