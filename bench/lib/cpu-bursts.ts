/**
 * Where a supervisor's CPU goes over a window: its CPU is read every few
 * milliseconds, and the readings are grouped into bursts of work separated by
 * quiet. In a crash loop each burst is one cycle (the exit, the wait, the next
 * start), so the first burst shows what the cold start-up of the loop costs
 * and the later ones what a warm restart costs.
 */
import { schedCpuMs } from './proc.ts';
import { sleep } from './wait.ts';

export interface Burst {
  /** Milliseconds after the sampling began. */
  fromMs: number;
  toMs: number;
  cpuMs: number;
}

/** CPU growth below this between two readings is the sampler's own noise, not work. */
const WORK_MS = 0.05;
/** Readings this far apart belong to different bursts. */
const QUIET_GAP_MS = 200;

/** Reads `pid`'s CPU every `everyMs` for `forMs`; returns the bursts of work. */
export async function sampleBursts(pid: number, forMs: number, everyMs = 10): Promise<Burst[]> {
  const started = performance.now();
  const base = schedCpuMs(pid);
  const readings: Array<{ atMs: number; cpuMs: number }> = [];
  while (performance.now() - started < forMs) {
    await sleep(everyMs);
    readings.push({ atMs: performance.now() - started, cpuMs: schedCpuMs(pid) - base });
  }
  return burstsOf(readings);
}

export function burstsOf(readings: ReadonlyArray<{ atMs: number; cpuMs: number }>): Burst[] {
  const bursts: Burst[] = [];
  let previous = 0;
  let current: Burst | null = null;
  for (const { atMs, cpuMs } of readings) {
    const grew = cpuMs - previous;
    previous = cpuMs;
    if (grew <= WORK_MS) continue;
    if (!current || atMs - current.toMs > QUIET_GAP_MS) {
      current = { fromMs: atMs, toMs: atMs, cpuMs: 0 };
      bursts.push(current);
    }
    current.toMs = atMs;
    current.cpuMs += grew;
  }
  return bursts;
}
