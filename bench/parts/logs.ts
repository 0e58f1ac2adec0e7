/**
 * Log throughput: a service prints LINES numbered lines as fast as it can
 * (one write each) and then idles. Timed from the trigger until the last line
 * is in the supervisor's log file; the supervisor's CPU over the same span;
 * then every line checked: present, once, in order. Bursts run one at a time
 * (they would fight over 2 cores otherwise), rounds interleaved.
 */
import { get } from '../lib/http.ts';
import { auditLines, burstBytes, lastLineArrived, type LineAudit } from '../lib/log-check.ts';
import { freePorts } from '../lib/ports.ts';
import { cpuSince, cpuSnapshot, type CpuUse } from '../lib/proc.ts';
import { logBurstService } from '../lib/services.ts';
import { settle } from '../lib/settle.ts';
import { median } from '../lib/stats.ts';
import { waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { Supervisor, SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

export const BURST_LINES = 500_000;
const ROUNDS = 3;
const BURST_LIMIT_MS = 120_000;

export interface BurstTrial {
  ms: number;
  /** The service's own write loop (stdout is a pipe for PM2 and supervisord, the log file itself for Upkeep). */
  writeMs: number | null;
  cpuMs: number;
  cpu: CpuUse;
  audit: LineAudit;
}

export interface LogsResult {
  lines: number;
  bytes: number;
  bySupervisor: Partial<Record<SupervisorId, { trials: BurstTrial[]; ms: number; writeMs: number; cpuMs: number; lost: number; duplicates: number; outOfOrder: number }>>;
}

export async function logsPart(ctx: PartContext): Promise<LogsResult> {
  const ports = await freePorts(ROUNDS * ctx.ids.length);
  const portOf = (id: SupervisorId, round: number): number => ports[ctx.ids.indexOf(id) * ROUNDS + round] as number;
  const services = (id: SupervisorId) => Array.from({ length: ROUNDS }, (_, round) => logBurstService(`burst${round}`, portOf(id, round), BURST_LINES));
  const bytes = burstBytes(BURST_LINES);

  return withSupervisors(ctx.ids, services, async (supervisors) => {
    for (const port of ports) await waitFor(`burst service on port ${port}`, async () => ((await get(port, '/health'))?.status === 200 ? true : undefined), 30_000, 50);
    // Past start-up work (V8's memory reducer in the Node daemons), which is not the burst's cost.
    await settle(supervisors.map((supervisor) => supervisor.pid));
    const trials = new Map<SupervisorId, BurstTrial[]>(ctx.ids.map((id) => [id, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const supervisor of supervisors) {
        const trial = await burst(supervisor, `burst${round}`, portOf(supervisor.id, round), bytes);
        trials.get(supervisor.id)?.push(trial);
        ctx.say(`  ${supervisor.id} burst ${round + 1}/${ROUNDS}: ${Math.round(trial.ms)} ms, ${Math.round(trial.cpuMs)} ms CPU, ${trial.audit.missing} missing`);
        // Each burst starts from quiet: what follows one (a GC, a rotation check) is not the next one's cost.
        // A 3 s quiet here, not a full memory-reducer span: a GC it misses lands on Upkeep's next burst, never helps it.
        await settle(supervisors.map((s) => s.pid), { minMs: 1_000, spanMs: 3_000, maxMs: 15_000 });
      }
    }
    const result: LogsResult = { lines: BURST_LINES, bytes, bySupervisor: {} };
    for (const id of ctx.ids) {
      const list = trials.get(id) ?? [];
      result.bySupervisor[id] = {
        trials: list,
        ms: median(list.map((t) => t.ms)),
        writeMs: median(list.flatMap((t) => (t.writeMs === null ? [] : [t.writeMs]))),
        cpuMs: median(list.map((t) => t.cpuMs)),
        // Worst trial: one lost line anywhere is a miss.
        lost: Math.max(...list.map((t) => t.audit.missing)),
        duplicates: Math.max(...list.map((t) => t.audit.duplicates)),
        outOfOrder: Math.max(...list.map((t) => t.audit.outOfOrder)),
      };
    }
    return result;
  });
}

async function burst(supervisor: Supervisor, name: string, port: number, bytes: number): Promise<BurstTrial> {
  const file = supervisor.logPath(name);
  const cpuBefore = cpuSnapshot(supervisor.pid);
  const started = performance.now();
  const reply = await get(port, '/burst', 5_000);
  if (reply?.status !== 200) throw new Error(`${supervisor.id}: ${name} did not take the burst trigger`);
  await waitFor(`${supervisor.id} to write the last line of ${name}`, () => (lastLineArrived(file, bytes, BURST_LINES) ? true : undefined), BURST_LIMIT_MS, 5);
  const ms = performance.now() - started;
  const cpu = cpuSince(supervisor.pid, cpuBefore);
  const stats = await get(port, '/stats', 5_000);
  const writeMs = stats?.status === 200 ? ((JSON.parse(stats.body) as { writeMs: number | null }).writeMs ?? null) : null;
  return { ms, writeMs, cpuMs: cpu.ms, cpu, audit: auditLines(file, BURST_LINES) };
}
