/**
 * Which rival runs a given process: a finding whose copy is that process or
 * one of its ancestors, or whose own process (the PM2 daemon, supervisord,
 * the watchdog) is one of its ancestors. A rival that will start it again
 * wins over one that only started it.
 */
import { ancestors, type ProcessEntry } from '../os/table.ts';
import type { Finding } from './finding.ts';

export function rivalOf(findings: readonly Finding[], table: readonly ProcessEntry[], pid: number): Finding | null {
  const family = new Set([pid, ...ancestors(table, pid).map((entry) => entry.pid)]);
  const runs = findings.filter((f) => (f.copyPid !== null && family.has(f.copyPid)) || (f.pid !== null && f.pid !== pid && family.has(f.pid)));
  return runs.find((f) => f.respawns) ?? runs[0] ?? null;
}
