/**
 * The comparison table: one row per figure, each supervisor's value, Upkeep's
 * ratio to the better peer, and the target where there is one.
 * Every figure here is "lower is better".
 */
import type { CrashResult, CrashWindow } from '../parts/crash.ts';
import type { FleetFigures, FleetResult } from '../parts/fleet.ts';
import type { LogsResult } from '../parts/logs.ts';
import type { PreforkResult } from '../parts/prefork.ts';
import type { RestartResult } from '../parts/restart.ts';
import type { SoakResult } from '../parts/soak.ts';
import type { SupervisorId } from '../supervisors/types.ts';

export type Target =
  /** Upkeep ≤ factor × the better peer, or × `peer` where the issue names one. */
  | { kind: 'ratio'; factor: number; text: string; peer?: SupervisorId }
  /** Upkeep's value must be zero. */
  | { kind: 'zero'; text: string }
  /** Upkeep's value at most `limit`, whatever the peers do. */
  | { kind: 'limit'; limit: number; text: string };

export interface Row {
  metric: string;
  unit: string;
  values: Partial<Record<SupervisorId, number | string>>;
  target?: Target;
  /** false: no "lower is better" reading (counts, states, the shared floor). */
  compare?: boolean;
}

export interface Results {
  restart?: RestartResult;
  idle?: FleetResult;
  scale?: FleetResult;
  logs?: LogsResult;
  crash?: CrashResult;
  prefork?: PreforkResult;
  soak?: SoakResult;
}

const half = (text: string): Target => ({ kind: 'ratio', factor: 0.5, text });
const atMost = (text: string): Target => ({ kind: 'ratio', factor: 1, text });
/** Issue #10 sets the memory targets against PM2, the other Node daemon, not against the better peer. */
const atMostPm2: Target = { kind: 'ratio', factor: 1, text: '≤ 1× PM2', peer: 'pm2' };

function pick<T>(by: Partial<Record<SupervisorId, T>>, read: (value: T) => number | string | undefined): Row['values'] {
  const values: Row['values'] = {};
  for (const [id, value] of Object.entries(by) as Array<[SupervisorId, T]>) {
    const figure = read(value);
    if (figure !== undefined) values[id] = figure;
  }
  return values;
}

export function buildRows(results: Results): Row[] {
  const rows: Row[] = [];
  const { restart, idle, scale, logs, crash, prefork, soak } = results;
  if (restart) {
    const floor = restart.coldStart.median;
    rows.push(
      { metric: `Cold start alone, spawn → 200, the floor (median of ${restart.coldStart.n})`, unit: 'ms', values: { upkeep: floor, pm2: floor, supervisord: floor }, compare: false },
      { metric: `Restart, SIGKILL → 200 (median of ${restart.trials})`, unit: 'ms', values: pick(restart.bySupervisor, (r) => r.median) },
      { metric: 'Restart, SIGKILL → 200 (p95)', unit: 'ms', values: pick(restart.bySupervisor, (r) => r.p95) },
      { metric: 'Restart overhead: median over rounds of (restart − cold start)', unit: 'ms', values: pick(restart.bySupervisor, (r) => r.overheadMedian), target: half('≤ 0.5×') },
      { metric: 'Restart overhead: p95 over rounds of (restart − cold start)', unit: 'ms', values: pick(restart.bySupervisor, (r) => r.overheadP95) },
      { metric: `Restart overhead: SIGKILL → new process, minus a bare spawn's ${restart.coldStart.started.median.toFixed(1)} ms (medians)`, unit: 'ms', values: pick(restart.bySupervisor, (r) => r.spawnOverhead), target: half('≤ 0.5×') },
      { metric: 'SIGKILL → new process (p95)', unit: 'ms', values: pick(restart.bySupervisor, (r) => r.started.p95) },
    );
  }
  if (idle) {
    const n = idle.services;
    if (idle.bySupervisor.upkeep?.idleCpuMs !== undefined) {
      rows.push(
        { metric: `Idle CPU, ${n} services, ${idle.windowMs / 1000} s window`, unit: 'ms', values: pick(idle.bySupervisor, (f) => f.idleCpuMs), target: half('≤ 0.5×') },
        { metric: `RSS, ${n} services (median over the window)`, unit: 'MB', values: pick(idle.bySupervisor, (f) => mb(f.rssKb)) },
        { metric: `RssAnon, ${n} services (median over the window)`, unit: 'MB', values: pick(idle.bySupervisor, (f) => mb(f.rssAnonKb)), target: atMostPm2 },
        { metric: `RssAnon, ${n} services (max over the window)`, unit: 'MB', values: pick(idle.bySupervisor, (f) => mb(f.rssAnonMaxKb)) },
      );
    }
    if (idle.bySupervisor.upkeep?.statusMs !== undefined) {
      rows.push({ metric: `Status, ${n} services (median of 10)`, unit: 'ms', values: pick(idle.bySupervisor, (f) => f.statusMs), target: half('≤ 0.5×') });
      if (idle.nodeStartMs !== undefined) {
        const floor = idle.nodeStartMs;
        rows.push({ metric: '`node -e 0` alone, the floor of a Node CLI', unit: 'ms', values: { upkeep: floor, pm2: floor }, compare: false });
      }
    }
  }
  if (logs) {
    const lines = `${logs.lines / 1000}k lines`;
    rows.push(
      { metric: `Log burst ${lines}: last line in file (median of 3)`, unit: 'ms', values: pick(logs.bySupervisor, (l) => l.ms), target: atMost('≤ 1×') },
      { metric: `Log burst ${lines}: the service's own write loop`, unit: 'ms', values: pick(logs.bySupervisor, (l) => l.writeMs), compare: false },
      { metric: `Log burst ${lines}: supervisor CPU`, unit: 'ms', values: pick(logs.bySupervisor, (l) => l.cpuMs), target: half('≤ 0.5×') },
      { metric: `Log burst ${lines}: lines lost (worst of 3)`, unit: 'lines', values: pick(logs.bySupervisor, (l) => l.lost), target: { kind: 'zero', text: '= 0' } },
      { metric: 'Log burst: duplicated / out-of-order lines', unit: 'lines', values: pick(logs.bySupervisor, (l) => `${l.duplicates} / ${l.outOfOrder}`), compare: false },
    );
  }
  if (prefork) {
    rows.push({
      metric: `Prefork master SIGKILLed → port answers from a new master (median; workers linger ${prefork.lingerMs / 1000} s)`,
      unit: 'ms',
      values: pick(prefork.bySupervisor, (p) => p.median),
      target: { kind: 'limit', limit: 2_000, text: '≤ 2000 ms' },
    });
  }
  if (crash) {
    rows.push(...crashWindowRows(crash, 'Crash loop', crash.windowMs, atMost('≤ 1×')));
    const floor = crash.nodeFloor;
    const upkeep = crash.bySupervisor.upkeep;
    if (floor && upkeep) {
      rows.push(
        { metric: `Crash loop: CPU per start of a bare Node loop on Upkeep's schedule (${floor.starts} starts; the runtime's floor)`, unit: 'ms', values: { upkeep: floor.cpuPerStartMs }, compare: false },
        { metric: 'Crash loop: Upkeep per start over the bare Node loop', unit: '×', values: { upkeep: upkeep.cpuPerStartMs / floor.cpuPerStartMs }, compare: false },
      );
    }
    if (crash.again) rows.push(...crashWindowRows(crash.again, 'Crash loop again, same daemons (its code has run)', crash.windowMs));
  }
  if (scale) {
    const n = scale.services;
    rows.push(
      { metric: `Status, ${n} services (median of 10)`, unit: 'ms', values: pick(scale.bySupervisor, (f) => f.statusMs), target: half('≤ 0.5×') },
      { metric: `Idle CPU, ${n} services, ${scale.windowMs / 1000} s window`, unit: 'ms', values: pick(scale.bySupervisor, (f) => f.idleCpuMs), target: half('≤ 0.5×') },
      { metric: `RssAnon, ${n} services (median over the window)`, unit: 'MB', values: pick(scale.bySupervisor, (f) => mb(f.rssAnonKb)), target: atMostPm2 },
    );
    if (idle) {
      const growth = (read: (f: FleetFigures) => number | undefined): Row['values'] => {
        const values: Row['values'] = {};
        for (const id of Object.keys(scale.bySupervisor) as SupervisorId[]) {
          const big = read(scale.bySupervisor[id] ?? {});
          const small = read(idle.bySupervisor[id] ?? {});
          if (big !== undefined && small !== undefined && small > 0) values[id] = big / small;
        }
        return values;
      };
      rows.push(
        { metric: `Growth ${idle.services}→${n}: status latency`, unit: '×', values: growth((f) => f.statusMs) },
        { metric: `Growth ${idle.services}→${n}: idle CPU`, unit: '×', values: growth((f) => f.idleCpuMs) },
        { metric: `Growth ${idle.services}→${n}: RssAnon`, unit: '×', values: growth((f) => f.rssAnonKb), target: atMostPm2 },
      );
    }
  }
  if (soak) {
    const min = soak.soakMs / 60_000;
    const half = min / 2;
    rows.push(
      { metric: 'Soak: RssAnon idle, the same daemon before the churn (median of 30 s)', unit: 'MB', values: { upkeep: mb(soak.idleRssAnonKb) }, compare: false },
      { metric: `Soak: RssAnon under churn, last ${half} min (median) over idle`, unit: '×', values: { upkeep: soak.loadRssAnonKb / soak.idleRssAnonKb }, target: { kind: 'limit', limit: 1.5, text: '≤ 1.5×' } },
      { metric: `Soak: RssAnon under churn, max over ${min} min`, unit: 'MB', values: { upkeep: mb(soak.loadRssAnonMaxKb) }, compare: false },
      { metric: `Soak: RssAnon growth over the last ${half} min`, unit: 'MB', values: { upkeep: mb(soak.lastHalfGrowthKb) }, target: { kind: 'limit', limit: 1, text: '< 1 MB' } },
      { metric: `Soak: status p99 (${soak.status.n} calls, ${soak.status.failed} failed)`, unit: 'ms', values: { upkeep: soak.status.p99 }, target: { kind: 'limit', limit: 100, text: '< 100 ms' } },
      { metric: 'Soak: status p50 / max', unit: '', values: { upkeep: `${soak.status.p50.toFixed(0)} / ${soak.status.max.toFixed(0)} ms` }, compare: false },
      { metric: 'Soak: status calls with a crasher starting during them or 0.5 s before: at or over p99 / all', unit: '', values: { upkeep: `${soak.duringStarts.slow} of ${soak.duringStarts.slowOf} / ${soak.duringStarts.all} of ${soak.duringStarts.allOf}` }, compare: false },
      { metric: `Soak: starts of the crashing services in ${min} min`, unit: '', values: { upkeep: soak.starts }, compare: false },
    );
  }
  return rows;
}

function mb(kb: number | undefined): number | undefined {
  return kb === undefined ? undefined : kb / 1024;
}

/** One crash-loop window's rows; `name` opens each metric. */
function crashWindowRows(window: CrashWindow, name: string, windowMs: number, target?: Target): Row[] {
  const by = window.bySupervisor;
  const rows: Row[] = [
    { metric: `${name} ${windowMs / 1000} s: restarts done`, unit: '', values: pick(by, (c) => c.restarts), compare: false },
    { metric: `${name} ${windowMs / 1000} s: supervisor CPU from the first start`, unit: 'ms', values: pick(by, (c) => c.cpuMs) },
    { metric: `${name}: supervisor CPU with the start command`, unit: 'ms', values: pick(by, (c) => c.cpuWithStartMs) },
    { metric: `${name}: CPU per start, the start command included`, unit: 'ms', values: pick(by, (c) => c.cpuPerStartMs), ...(target ? { target } : {}) },
    { metric: `${name}: CPU per restart, from the first start`, unit: 'ms', values: pick(by, (c) => c.cpuPerRestartMs) },
    { metric: `${name}: final state`, unit: '', values: pick(by, (c) => c.finalState), compare: false },
  ];
  const bursts = window.upkeepBursts;
  if (bursts) {
    const later = bursts.laterMs;
    rows.push(
      { metric: `${name}: Upkeep CPU in its first burst (the start command and ${bursts.firstStarts} starts)`, unit: 'ms', values: { upkeep: bursts.firstMs }, compare: false },
      { metric: `${name}: Upkeep CPU per later restart (exit, backoff, start; mean of ${later.length})`, unit: 'ms', values: { upkeep: later.length > 0 ? later.reduce((a, b) => a + b, 0) / later.length : NaN }, compare: false },
    );
  }
  return rows;
}
