/**
 * Copies of a service counted as runs, not processes: a run may be several
 * processes (a shell and its child), all carrying the same UPKEEP_RUN_ID.
 * Two run ids alive at once for one service is a duplicate. Linux (/proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readStat } from '../../app/os/proc-fs.ts';
import { isZombie } from '../../app/os/proc-stat.ts';

/** run id → its live (non-zombie) pids, for every run of each of these services. */
export function liveRuns(services: ReadonlySet<string>): Map<string, Map<string, number[]>> {
  const runs = new Map<string, Map<string, number[]>>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // gone, or not readable
    }
    if (!environ.includes('UPKEEP_SERVICE=')) continue;
    const stat = readStat(Number(entry));
    if (!stat || isZombie(stat)) continue;
    const vars = new Map(environ.split('\0').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    const service = vars.get('UPKEEP_SERVICE');
    const runId = vars.get('UPKEEP_RUN_ID');
    if (!service || !runId || !services.has(service)) continue;
    const byRun = runs.get(service) ?? new Map<string, number[]>();
    byRun.set(runId, [...(byRun.get(runId) ?? []), Number(entry)]);
    runs.set(service, byRun);
  }
  return runs;
}
