/**
 * Waiting for supervisors to go quiet before a measurement window: a Node
 * daemon runs V8's memory reducer (a few full GCs, tens of ms) some seconds
 * after any burst of allocation — start-up, adding services — and that would
 * land in whichever window came next. Bounded: after `maxMs` it goes on and
 * says so in the result.
 */
import { cpuSince, cpuSnapshot } from './proc.ts';
import { sleep } from './wait.ts';

/** Quiet = under this much CPU over one span, for every supervisor at once. */
const QUIET_CPU_MS = 2;
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
  while (performance.now() - started < maxMs) {
    const before = pids.map((pid) => cpuSnapshot(pid));
    await sleep(spanMs);
    if (pids.every((pid, i) => cpuSince(pid, before[i] as (typeof before)[number]).ms < QUIET_CPU_MS)) {
      return { waitedMs: performance.now() - started, quiet: true };
    }
  }
  return { waitedMs: performance.now() - started, quiet: false };
}
