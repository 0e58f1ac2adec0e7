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
import { health } from '../lib/http.ts';
import { freePorts } from '../lib/ports.ts';
import { coldStart, restartLatency, type Timing } from '../lib/probe.ts';
import { httpService } from '../lib/services.ts';
import { median, percentile, summarize, type Summary } from '../lib/stats.ts';
import { sleep, waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

const WEB_SERVICES = 8;
const TRIALS = 24;
const ROUND_MS = 2_600;
/** Past Upkeep's 10 s backoff reset before the first kill. */
const SETTLE_MS = 11_000;

export interface RestartFigures extends Summary {
  samples: number[];
  failures: number;
  /** Median and p95 over rounds of (restart − that round's cold start): load that comes and goes cancels out. */
  overheadMedian: number;
  overheadP95: number;
  /** Kill → the new process exists (its timeOrigin): the supervisor's part alone. */
  started: Summary;
  /** started.median − the cold start's spawn → process median. */
  spawnOverhead: number;
}

export interface RestartResult {
  trials: number;
  coldStart: Summary & { samples: number[]; started: Summary };
  bySupervisor: Partial<Record<SupervisorId, RestartFigures>>;
}

type Round = Timing | null;

const healthy = (list: Round[]): number[] => list.flatMap((t) => (t ? [t.healthyMs] : []));
const started = (list: Round[]): number[] => list.flatMap((t) => (t?.startedMs != null ? [t.startedMs] : []));

function pairedOverheads(restarts: Round[], colds: Round[]): number[] {
  return restarts.flatMap((t, round) => {
    const cold = colds[round];
    return t && cold ? [t.healthyMs - cold.healthyMs] : [];
  });
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

    const cold: Round[] = [];
    const rounds = new Map<SupervisorId, Round[]>(ctx.ids.map((id) => [id, []]));
    for (let round = 0; round < TRIALS; round += 1) {
      const roundStart = performance.now();
      cold.push(await coldStart(coldPort));
      for (const id of ctx.ids) {
        rounds.get(id)?.push(await restartLatency(portsOf(id)[round % WEB_SERVICES] as number));
        await sleep(100); // let the restarted copy finish starting before the next supervisor's kill
      }
      await sleep(Math.max(0, roundStart + ROUND_MS - performance.now()));
    }

    const coldStarted = summarize(started(cold));
    const result: RestartResult = {
      trials: TRIALS,
      coldStart: { ...summarize(healthy(cold)), samples: healthy(cold), started: coldStarted },
      bySupervisor: {},
    };
    for (const id of ctx.ids) {
      const list = rounds.get(id) ?? [];
      const extra = pairedOverheads(list, cold);
      const own = summarize(started(list));
      result.bySupervisor[id] = {
        ...summarize(healthy(list)),
        samples: healthy(list),
        failures: list.filter((t) => t === null).length,
        overheadMedian: median(extra),
        overheadP95: percentile(extra, 95),
        started: own,
        spawnOverhead: own.median - coldStarted.median,
      };
    }
    return result;
  });
}
