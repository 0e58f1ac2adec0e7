/**
 * A marker in the environment of everything this run starts (daemons pass
 * their environment on to services), so a final sweep finds exactly our
 * processes by pid — whatever a supervisor's own shutdown left behind.
 */
import { readdirSync, readFileSync } from 'node:fs';

const MARKER = 'UPKEEP_BENCH_RUN';

export function markRun(id: string): void {
  process.env[MARKER] = id;
}

export function sweepRun(): number[] {
  const needle = `${MARKER}=${process.env[MARKER]}\0`;
  const killed: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(needle)) continue;
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}
