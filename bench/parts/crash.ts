/**
 * Crash loop: a service that exits 1 at once, started under all supervisors
 * at the same moment and left to them for WINDOW_MS. Restarts are counted by
 * the service itself (one line per start in its own file), the same way for
 * everyone; the supervisor's CPU over the window and its final word on the
 * service are read at the end.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cpuSince, cpuSnapshot, type CpuSnapshot, type CpuUse } from '../lib/proc.ts';
import { crashService } from '../lib/services.ts';
import { tempDir } from '../lib/temp.ts';
import { sleep } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

export const CRASH_WINDOW_MS = 15_000;

export interface CrashResult {
  windowMs: number;
  bySupervisor: Partial<Record<SupervisorId, { restarts: number; cpuMs: number; cpu: CpuUse; cpuPerRestartMs: number; finalState: string }>>;
}

export async function crashPart(ctx: PartContext): Promise<CrashResult> {
  const dir = tempDir('crash');
  const startsFile = (id: SupervisorId): string => path.join(dir, `${id}.starts`);
  return withSupervisors(ctx.ids, (id) => [crashService('crasher', startsFile(id))], async (supervisors) => {
    await sleep(2_000);
    const before = supervisors.map((supervisor) => cpuSnapshot(supervisor.pid));
    const started = Date.now();
    // The start commands run in the window on purpose: handling them is part of each supervisor's cost.
    const starting = Promise.allSettled(supervisors.map((supervisor) => supervisor.startService('crasher')));
    await sleep(CRASH_WINDOW_MS);
    const cpu = supervisors.map((supervisor, i) => cpuSince(supervisor.pid, before[i] as CpuSnapshot));
    const ended = Date.now();
    const result: CrashResult = { windowMs: CRASH_WINDOW_MS, bySupervisor: {} };
    for (const [i, supervisor] of supervisors.entries()) {
      const starts = countStarts(startsFile(supervisor.id), started, ended);
      const restarts = Math.max(0, starts - 1);
      result.bySupervisor[supervisor.id] = {
        restarts,
        cpuMs: (cpu[i] as CpuUse).ms,
        cpu: cpu[i] as CpuUse,
        cpuPerRestartMs: restarts > 0 ? (cpu[i] as CpuUse).ms / restarts : NaN,
        finalState: await supervisor.state('crasher'),
      };
    }
    await starting;
    return result;
  });
}

function countStarts(file: string, from: number, to: number): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && Number(line) >= from && Number(line) <= to).length;
}
