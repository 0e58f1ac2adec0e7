/**
 * Waiting for supervisors to go quiet before a measurement window: a Node
 * daemon runs V8's memory reducer (a few full GCs, tens of ms) some seconds
 * after any burst of allocation — start-up, adding services — and that would
 * land in whichever window came next. Quiet means no burst: every second of
 * the span under SLICE_CPU_MS for every supervisor (supervisord's steady
 * 1 s poll loop, ~0.3 ms a second, is not a burst). Bounded: after `maxMs` it
 * goes on and says so in the result.
 */
import { cpuSince, cpuSnapshot, type CpuSnapshot } from './proc.ts';
import { sleep } from './wait.ts';

const SLICE_MS = 1_000;
const SLICE_CPU_MS = 5;
/** Longer than V8's memory-reducer delay (8 s), so a reducer still pending cannot pass for quiet. */
export const LONG_QUIET_MS = 10_000;

export interface Settled {
  waitedMs: number;
  quiet: boolean;
}

export interface SettleOptions {
  minMs?: number;
  /** How long the quiet must last. */
  spanMs?: number;
  maxMs?: number;
}

export async function settle(pids: number[], { minMs = 5_000, spanMs = LONG_QUIET_MS, maxMs = 60_000 }: SettleOptions = {}): Promise<Settled> {
  const started = performance.now();
  await sleep(minMs);
  let quietFor = 0;
  let before: CpuSnapshot[] = pids.map((pid) => cpuSnapshot(pid));
  while (quietFor < spanMs) {
    if (performance.now() - started > maxMs) return { waitedMs: performance.now() - started, quiet: false };
    await sleep(SLICE_MS);
    const burst = pids.some((pid, i) => cpuSince(pid, before[i] as CpuSnapshot).ms >= SLICE_CPU_MS);
    quietFor = burst ? 0 : quietFor + SLICE_MS;
    before = pids.map((pid) => cpuSnapshot(pid));
  }
  return { waitedMs: performance.now() - started, quiet: true };
}
