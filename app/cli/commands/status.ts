/** `upkeep status [--json]`: from the engine when one runs, else from config and verified run records. */
import type { Aggregate, ServiceStatus } from '../../api.ts';
import { aggregateOf } from '../../shared/tone.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { NO_ENGINE, tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK } from '../errors.ts';
import { formatStatus } from '../status-view.ts';

export async function status(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('status', args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const client = await tryEngine(ctx);
  let view: { aggregate: Aggregate; services: ServiceStatus[]; source: string };
  if (client) {
    const list = await withClient(client, (c) => c.call('list', {}));
    if (list.engine.configError) ctx.err(`upkeep: ${list.engine.configError}`);
    view = { aggregate: list.aggregate, services: list.services, source: `engine pid ${list.engine.pid}` };
  } else {
    // Loaded only here: reading config and records costs zod, which a status against a live engine never pays.
    const { offlineStatus } = await import('../offline-status.ts');
    const offline = offlineStatus(ctx.paths);
    ctx.err(`upkeep: ${NO_ENGINE}; showing what config.json and the run records say`);
    if (offline.configError) ctx.err(`upkeep: ${offline.configError}`);
    view = { aggregate: aggregateOf(offline.services), services: offline.services, source: 'no engine' };
  }
  if (values.json) ctx.out(JSON.stringify(view.services, null, 2));
  else ctx.out(formatStatus(view, ctx.palette).join('\n'));
  return EXIT_OK;
}
