/**
 * `upkeep status [NAME] [--json]`: from the engine when one runs, else from
 * config and verified run records. With a NAME, that one service and what its
 * last health check found; `--json` then prints that service as one object.
 */
import type { Aggregate, ServiceStatus } from '../../api.ts';
import { aggregateOf } from '../../shared/tone.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { NO_ENGINE, tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { formatHealthDetail } from '../health-view.ts';
import { formatStatus } from '../status-view.ts';

const RECENT_MS = 10 * 60_000;

export async function status(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', args, { json: { type: 'boolean' } }, { min: 0, max: 1, names: '' });
  const name = positionals[0];
  const client = await tryEngine(ctx);
  let view: { aggregate: Aggregate; services: ServiceStatus[]; source: string };
  if (client) {
    // --json carries CPU, memory and process count of each tree (one batched sample);
    // the table shows none of them, so a plain status does not pay for the sample.
    const list = await withClient(client, (c) => c.call('list', { metrics: values.json === true }));
    if (list.engine.configError) ctx.err(`upkeep: ${list.engine.configError}`);
    // What went wrong lately (a garbled run record at boot, a log folder that cannot be written).
    // Notices about config.json are not repeated: the line above says how the file is now.
    const recent = list.engine.notices.filter((n) => n.level !== 'info' && Date.now() - n.at < RECENT_MS && !n.message.startsWith(ctx.paths.config)).slice(-3);
    for (const notice of recent) ctx.err(`upkeep: ${notice.level}: ${notice.service ? `${notice.service}: ` : ''}${notice.message}`);
    view = { aggregate: list.aggregate, services: list.services, source: `engine pid ${list.engine.pid}` };
  } else {
    // Loaded only here: reading config and records costs zod, which a status against a live engine never pays.
    const { offlineStatus } = await import('../offline-status.ts');
    const offline = offlineStatus(ctx.paths);
    ctx.err(`upkeep: ${NO_ENGINE}; showing what config.json and the run records say`);
    if (offline.configError) ctx.err(`upkeep: ${offline.configError}`);
    view = { aggregate: aggregateOf(offline.services), services: offline.services, source: 'no engine' };
  }
  if (name === undefined) {
    if (values.json) ctx.out(JSON.stringify(view.services, null, 2));
    else ctx.out(formatStatus(view, ctx.palette).join('\n'));
    return EXIT_OK;
  }
  const service = view.services.find((s) => s.name === name);
  if (!service) throw new UsageError(`no service named "${name}" (see upkeep status)`);
  if (values.json) ctx.out(JSON.stringify(service, null, 2));
  // The row without the aggregate line above it: that sums up every service, not this one.
  else ctx.out([...formatStatus({ ...view, services: [service] }, ctx.palette).slice(2), '', ...formatHealthDetail(service, ctx.palette)].join('\n'));
  return EXIT_OK;
}
