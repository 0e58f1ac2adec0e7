/** `upkeep history NAME [--since 1h|2d] [--json]`: straight from history/NAME.jsonl, engine or not. */
import { existsSync } from 'node:fs';
import type { HistoryEntry } from '../../api.ts';
import { readConfig } from '../../config/store.ts';
import { readHistory } from '../../history/read.ts';
import { formatDateTime } from '../../shared/clock.ts';
import { toneOf } from '../../shared/tone.ts';
import { durationArgument, parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { formatTable, type Cell, type Palette } from '../output.ts';
import { serviceNameArgument } from '../service-args.ts';

export async function history(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'history',
    args,
    { since: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: 'a service name' },
  );
  const name = serviceNameArgument(positionals[0] ?? '');
  const since = values.since === undefined ? undefined : Date.now() - durationArgument(values.since, '--since');
  const file = ctx.paths.history(name);
  const config = readConfig(ctx.paths);
  if (!config.ok) ctx.err(`upkeep: ${config.error}`);
  // A removed service's history went with it; an unknown name is a typo.
  else if (!(config.config.services ?? []).some((service) => service.name === name) && !existsSync(file)) {
    throw new UsageError(`unknown service "${name}" (see upkeep status)`);
  }

  const read = readHistory(file, since === undefined ? {} : { since });
  for (const line of read.skipped) ctx.err(`upkeep: ${line}`);
  if (values.json) {
    ctx.out(JSON.stringify(read.entries, null, 2));
  } else if (read.entries.length === 0) {
    ctx.out(since === undefined ? `nothing has happened to ${name} yet` : `nothing happened to ${name} in the last ${values.since}`);
  } else {
    ctx.out(formatHistory(read.entries, ctx.palette).join('\n'));
  }
  return EXIT_OK;
}

export function formatHistory(entries: HistoryEntry[], palette: Palette): string[] {
  const rows = entries.map((entry): Cell[] => {
    const tone = toneOf(entry.to, entry.health ?? 'unknown');
    const paint = entry.kind === 'engine' ? palette.dim : tone === 'down' ? palette.red : tone === 'degraded' ? palette.yellow : tone === 'up' ? palette.green : undefined;
    const change = entry.kind === 'engine' ? `upkeep ${entry.engine ?? ''}`.trim() : entry.from && entry.from !== entry.to ? `${entry.from} → ${entry.to}` : entry.to;
    return [{ text: formatDateTime(entry.at) }, { text: entry.kind }, { text: change, paint }, { text: entry.reason }];
  });
  return formatTable(['TIME', 'KIND', 'STATE', 'WHY'], rows, palette);
}
