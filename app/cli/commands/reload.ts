/** `upkeep reload`: the engine re-reads config.json now; with no engine, the file is only checked. */
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { printActionResult } from '../print-result.ts';

export async function reload(args: string[], ctx: CliContext): Promise<number> {
  parseCommandArgs('reload', args, {}, { min: 0, max: 0, names: '' });
  const client = await tryEngine(ctx);
  if (client) {
    printActionResult(ctx, await withClient(client, (c) => c.call('reload', {})));
    return EXIT_OK;
  }
  const { readConfig } = await import('../../config/store.ts');
  const read = readConfig(ctx.paths);
  if (!read.ok) throw new UsageError(read.error);
  const count = read.config.services?.length ?? 0;
  ctx.out(`${ctx.paths.config} is valid (${count} service${count === 1 ? '' : 's'}); no engine is running, so nothing was reloaded`);
  return EXIT_OK;
}
