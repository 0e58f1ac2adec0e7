/**
 * N healthy services per supervisor, all supervisors at once: the idle cost
 * of each supervisor's own process over the same window (CPU from
 * utime+stime, RSS and RssAnon at the end), then the status command, timed
 * round-robin. Used with 20 services (idle, status) and 100 (scale).
 */
import { runCommand } from '../lib/command.ts';
import { health } from '../lib/http.ts';
import { freePorts } from '../lib/ports.ts';
import { cpuSince, cpuSnapshot, memory, type CpuSnapshot, type CpuUse, type Memory } from '../lib/proc.ts';
import { httpService } from '../lib/services.ts';
import { settle, type Settled } from '../lib/settle.ts';
import { median } from '../lib/stats.ts';
import { sleep, waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

/**
 * 30 s, not 20: PM2's God daemon does its periodic work every 30 s
 * (WORKER_INTERVAL), so a 20 s window would catch it or not depending on phase.
 */
export const IDLE_WINDOW_MS = 30_000;
const STATUS_ROUNDS = 10;
const MEMORY_EVERY_MS = 1_000;

export interface FleetFigures {
  idleCpuMs?: number;
  idleCpu?: CpuUse;
  rssKb?: number;
  /** Medians of once-a-second readings through the idle window. */
  rssAnonKb?: number;
  rssAnonMaxKb?: number;
  statusMs?: number;
  statusSamples?: number[];
}

/** Node's own start-up (`node -e 0`), timed in the same rounds: the floor under any Node CLI. */
async function nodeFloor(): Promise<number> {
  return (await runCommand(process.execPath, ['-e', '0'])).ms;
}

export interface FleetResult {
  services: number;
  windowMs: number;
  settled?: Settled;
  /** Median of `node -e 0` over the status rounds. */
  nodeStartMs?: number;
  bySupervisor: Partial<Record<SupervisorId, FleetFigures>>;
}

export async function fleetPart(ctx: PartContext, count: number, measure: { idle: boolean; status: boolean }): Promise<FleetResult> {
  const ports = await freePorts(count * ctx.ids.length);
  const portsOf = (id: SupervisorId): number[] => ports.slice(ctx.ids.indexOf(id) * count, (ctx.ids.indexOf(id) + 1) * count);
  const services = (id: SupervisorId) => portsOf(id).map((port, i) => httpService(`svc${i}`, port));

  return withSupervisors(ctx.ids, services, async (supervisors) => {
    for (const port of ports) await waitFor(`service on port ${port}`, () => health(port).then((pid) => pid ?? undefined), 60_000, 50);
    const result: FleetResult = { services: count, windowMs: IDLE_WINDOW_MS, bySupervisor: {} };
    for (const id of ctx.ids) result.bySupervisor[id] = {};

    if (measure.idle) {
      // Start-up work (PM2's first metrics pass, V8's memory reducer in the Node daemons) is not idle cost.
      result.settled = await settle(supervisors.map((supervisor) => supervisor.pid));
      ctx.say(`  ${ports.length} services healthy; quiet after ${(result.settled.waitedMs / 1000).toFixed(0)} s${result.settled.quiet ? '' : ' (never fully)'}; ${IDLE_WINDOW_MS / 1000} s idle window`);
      const before = supervisors.map((supervisor) => cpuSnapshot(supervisor.pid));
      // Memory once a second through the window: a single reading lands wherever the GC happens to be.
      const readings: Memory[][] = supervisors.map(() => []);
      for (let elapsed = 0; elapsed < IDLE_WINDOW_MS; elapsed += MEMORY_EVERY_MS) {
        await sleep(MEMORY_EVERY_MS);
        supervisors.forEach((supervisor, i) => readings[i]?.push(memory(supervisor.pid)));
      }
      supervisors.forEach((supervisor, i) => {
        const figures = result.bySupervisor[supervisor.id] as FleetFigures;
        figures.idleCpu = cpuSince(supervisor.pid, before[i] as CpuSnapshot);
        figures.idleCpuMs = figures.idleCpu.ms;
        const mine = readings[i] ?? [];
        figures.rssKb = median(mine.map((m) => m.rssKb));
        figures.rssAnonKb = median(mine.map((m) => m.rssAnonKb));
        figures.rssAnonMaxKb = Math.max(...mine.map((m) => m.rssAnonKb));
      });
    }

    if (measure.status) {
      const samples = new Map<SupervisorId, number[]>(ctx.ids.map((id) => [id, []]));
      const floor: number[] = [];
      for (let round = 0; round < STATUS_ROUNDS; round += 1) {
        floor.push(await nodeFloor());
        for (const supervisor of supervisors) {
          const { ms, count: listed } = await supervisor.status();
          if (listed !== count) throw new Error(`${supervisor.id} status listed ${listed} services, expected ${count}`);
          samples.get(supervisor.id)?.push(ms);
        }
      }
      result.nodeStartMs = median(floor);
      for (const id of ctx.ids) {
        const figures = result.bySupervisor[id] as FleetFigures;
        figures.statusSamples = samples.get(id) ?? [];
        figures.statusMs = median(figures.statusSamples);
      }
    }
    return result;
  });
}
