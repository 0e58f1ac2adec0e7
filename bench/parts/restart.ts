/**
 * Restart latency: SIGKILL a small HTTP service → /health answers 200 again,
 * next to the service's own cold start measured the same way. Rounds go
 * cold, Upkeep, PM2, supervisord, cold, … so noise hits all alike.
 *
 * Each supervisor runs WEB_SERVICES copies and a round kills the next one, so
 * a given copy is killed only every WEB_SERVICES × ROUND_MS: long enough for
 * Upkeep's backoff to reset (10 s uptime) and to stay under its crash-loop
 * count (5 crashes in 60 s). Every kill is then a "first crash", restarted at
 * once by all three — the case a restart-latency figure is about.
 */
import { freePorts } from '../lib/ports.ts';
import { coldStart, restartLatency } from '../lib/probe.ts';
import { httpService } from '../lib/services.ts';
import { median, percentile, summarize, type Summary } from '../lib/stats.ts';
import { health } from '../lib/http.ts';
import { sleep, waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

const WEB_SERVICES = 8;
const TRIALS = 24;
const ROUND_MS = 2_600;
/** Past Upkeep's 10 s backoff reset before the first kill. */
const SETTLE_MS = 11_000;

export interface RestartResult {
  trials: number;
  coldStart: Summary & { samples: number[] };
  bySupervisor: Partial<Record<SupervisorId, Summary & { samples: number[]; failures: number; overheadMedian: number; overheadP95: number }>>;
}

/**
 * Overhead per round (restart − that round's cold start), so load that comes
 * and goes on a shared machine cancels out; its median and p95.
 */
function overheads(restarts: Array<number | null>, colds: Array<number | null>): number[] {
  return restarts.flatMap((ms, round) => (ms === null || colds[round] == null ? [] : [ms - (colds[round] as number)]));
}

export async function restartPart(ctx: PartContext): Promise<RestartResult> {
  const ports = await freePorts(WEB_SERVICES * ctx.ids.length + 1);
  const coldPort = ports.pop() as number;
  const portsOf = (id: SupervisorId): number[] => {
    const at = ctx.ids.indexOf(id) * WEB_SERVICES;
    return ports.slice(at, at + WEB_SERVICES);
  };
  const services = (id: SupervisorId) => portsOf(id).map((port, i) => httpService(`web${i}`, port));

  return withSupervisors(ctx.ids, services, async () => {
    for (const port of ports) await waitFor(`service on port ${port}`, () => health(port).then((pid) => pid ?? undefined), 30_000, 50);
    ctx.say(`  ${ports.length} services healthy; settling ${SETTLE_MS / 1000} s, then ${TRIALS} rounds of ${ROUND_MS / 1000} s`);
    await sleep(SETTLE_MS);

    const cold: Array<number | null> = [];
    const samples = new Map<SupervisorId, Array<number | null>>(ctx.ids.map((id) => [id, []]));
    for (let round = 0; round < TRIALS; round += 1) {
      const roundStart = performance.now();
      cold.push(await coldStart(coldPort));
      for (const id of ctx.ids) {
        samples.get(id)?.push(await restartLatency(portsOf(id)[round % WEB_SERVICES] as number));
        await sleep(100); // let the restarted copy finish starting before the next supervisor's kill
      }
      await sleep(Math.max(0, roundStart + ROUND_MS - performance.now()));
    }

    const measured = (list: Array<number | null>): number[] => list.filter((ms): ms is number => ms !== null);
    const result: RestartResult = { trials: TRIALS, coldStart: { ...summarize(measured(cold)), samples: measured(cold) }, bySupervisor: {} };
    for (const id of ctx.ids) {
      const list = samples.get(id) ?? [];
      const extra = overheads(list, cold);
      result.bySupervisor[id] = {
        ...summarize(measured(list)),
        samples: measured(list),
        failures: list.length - measured(list).length,
        overheadMedian: median(extra),
        overheadP95: percentile(extra, 95),
      };
    }
    return result;
  });
}
