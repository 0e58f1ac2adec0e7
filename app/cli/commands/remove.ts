/** `upkeep remove NAME`: through the engine when one runs (it stops the service), else straight in config.json. */
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK } from '../errors.ts';
import { printActionResult } from '../print-result.ts';
import { serviceNameArgument } from '../service-args.ts';

export async function remove(args: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommandArgs('remove', args, {}, { min: 1, max: 1, names: 'a service name' });
  const name = serviceNameArgument(positionals[0] ?? '');
  const client = await tryEngine(ctx);
  if (client) {
    printActionResult(ctx, await withClient(client, (c) => c.call('removeService', { name })));
    return EXIT_OK;
  }
  const { removeServiceFromConfig } = await import('../../config/store.ts');
  const { readVerifiedRecords } = await import('../../registry/records.ts');
  removeServiceFromConfig(ctx.paths, name);
  ctx.out(`removed "${name}" from ${ctx.paths.config}`);
  // Without an engine nothing stops it: say so rather than leave a process nobody watches.
  const running = readVerifiedRecords(ctx.paths).find((record) => record.name === name);
  if (running) ctx.err(`upkeep: "${name}" is still running (pid ${running.pid}) and nothing supervises it now; stop it with: kill -- -${running.pgid}`);
  return EXIT_OK;
}
