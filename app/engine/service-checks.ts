/**
 * Everything the engine does around a service's process rather than to it
 * (issue #3): the port check before a start, health monitoring, duplicates,
 * metrics and limits, port reassignment and the one-click restore. The runner
 * calls in through preflight / running / ended.
 */
import { ApiError, type ClassifiedProcess, type Params, type PortOwner, type Problem } from '../api.ts';
import { HEALTH_DEFAULTS, PORT_DEFAULTS } from '../config/defaults.ts';
import type { ServiceSpec } from '../config/schema.ts';
import { HealthMonitor, type HealthVerdict } from '../health/monitor.ts';
import { METRICS_INTERVAL_MS, MetricsSampler, type TreeUsage } from '../metrics/sampler.ts';
import type { DataPaths } from '../paths.ts';
import { classifyOwner } from '../ports/classify.ts';
import { findFreePort, isPortFree } from '../ports/free.ts';
import { findPortOwner } from '../ports/owner.ts';
import { findDuplicates } from '../processes/duplicates.ts';
import { listProcesses, type ProcessEntry } from '../processes/table.ts';
import { processStartTime } from '../process/identity.ts';
import { findRunTops } from '../process/tags.ts';
import { stopRun } from '../process/stop-run.ts';
import { readRecords } from '../registry/records.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { STOP_DEFAULTS } from '../config/defaults.ts';

export interface ChecksContext {
  paths: DataPaths;
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
  /** Persists a changed definition (reassigned port) and swaps it into the runner. */
  save(spec: ServiceSpec): void;
  /** Something shown in the status changed without a state change (metrics, duplicates). */
  touched(runner: ServiceRunner): void;
  /** Every sample taken, by root pid (the sparklines keep the last minutes). */
  sampled?(usage: Map<number, TreeUsage>, at: number): void;
}

export type TreeMetrics = TreeUsage;

/** While blocked on a taken port, look again at this pace and start once it is free. */
const BLOCKED_RECHECK_MS = 5_000;
/** Duplicates are looked for at most this often (a status call reads the process table). */
const DUPLICATES_FRESH_MS = 2_000;

export class ServiceChecks {
  private readonly ctx: ChecksContext;
  private readonly monitors = new Map<string, HealthMonitor>();
  private readonly blockedTimers = new Map<string, NodeJS.Timeout>();
  private readonly duplicates = new Map<string, ClassifiedProcess[]>();
  private duplicatesAt = 0;
  private duplicatesScan: Promise<void> | null = null;
  private usageAt = 0;
  private usage = new Map<number, TreeUsage>();
  private readonly sampler: MetricsSampler;
  private limitsHold: (() => void) | null = null;

  constructor(ctx: ChecksContext) {
    this.ctx = ctx;
    this.sampler = new MetricsSampler({
      roots: () => this.ctx.runners().flatMap((r) => (r.pid === null ? [] : [r.pid])),
      onSample: (usage) => this.sampled(usage),
    });
  }

  // ---- ports --------------------------------------------------------------

  async preflight(runner: ServiceRunner): Promise<Problem | null> {
    this.clearBlocked(runner);
    const port = runner.port;
    if (port === null || (await isPortFree(port))) return null;
    const owner = await this.ownerOf(runner, port);
    const policy = runner.spec.onPortConflict ?? PORT_DEFAULTS.onConflict;

    if (policy === 'stop-stale' && owner?.class === 'stale-copy') {
      await this.stopProcess(owner.pid);
      this.ctx.notice('info', `${runner.name}: stopped a stale copy on port ${port} (pid ${owner.pid})`, runner.name);
      if (await isPortFree(port)) return null;
    } else if (policy === 'reassign') {
      const next = await this.nextFreePort(runner);
      if (next !== null) {
        this.assignPort(runner, next, `port ${port} taken by ${describeOwner(owner)}; moved to ${next}`);
        return null;
      }
    }
    this.watchBlocked(runner, port);
    return { kind: 'port-conflict', port, owner, nextFreePort: await this.nextFreePort(runner) };
  }

  private async ownerOf(runner: ServiceRunner, port: number): Promise<PortOwner | null> {
    const holder = await findPortOwner(port);
    if (!holder) return null;
    const table = await listProcesses();
    return classifyOwner(holder, {
      service: { name: runner.name, command: runner.spec.command, cwd: runner.cwd, shell: runner.spec.shell },
      records: readRecords(this.ctx.paths).records,
      specs: this.ctx.runners().map((r) => ({ name: r.name, command: r.spec.command, cwd: r.cwd, shell: r.spec.shell })),
      table,
    });
  }

  /** The next free port after the configured one, skipping ports other services use. */
  private async nextFreePort(runner: ServiceRunner): Promise<number | null> {
    const base = runner.spec.port ?? runner.port;
    if (base === null) return null;
    const taken = new Set(this.ctx.runners().filter((r) => r !== runner).flatMap((r) => (r.port === null ? [] : [r.port])));
    if (runner.port !== null) taken.add(runner.port);
    return findFreePort(base + 1, PORT_DEFAULTS.searchRange, taken);
  }

  private assignPort(runner: ServiceRunner, port: number | null, reason: string): void {
    const spec = { ...runner.spec };
    if (port === null || port === spec.port) delete spec.assignedPort;
    else spec.assignedPort = port;
    this.ctx.save(spec);
    runner.note(reason, 'port');
  }

  /** Starts a blocked service by itself once its port is free again (the stale copy exited). */
  private watchBlocked(runner: ServiceRunner, port: number): void {
    const timer = setTimeout(() => {
      this.blockedTimers.delete(runner.name);
      if (runner.state !== 'blocked') return;
      void isPortFree(port).then((free) => {
        if (runner.state !== 'blocked') return;
        if (free) void runner.start(`port ${port} is free again`);
        else this.watchBlocked(runner, port);
      });
    }, BLOCKED_RECHECK_MS);
    timer.unref();
    this.blockedTimers.set(runner.name, timer);
  }

  private clearBlocked(runner: ServiceRunner): void {
    const timer = this.blockedTimers.get(runner.name);
    if (timer) clearTimeout(timer);
    this.blockedTimers.delete(runner.name);
  }

  async setPort(runner: ServiceRunner, params: Params<'setPort'>): Promise<string[]> {
    let port: number | null;
    if (params.reset) {
      port = runner.spec.port ?? null;
    } else if (params.auto) {
      port = await this.nextFreePort(runner);
      if (port === null) throw new ApiError('conflict', `no free port within ${PORT_DEFAULTS.searchRange} after ${runner.spec.port ?? runner.port}`);
    } else {
      port = params.port ?? null;
      if (port !== null && port !== runner.port && !(await isPortFree(port))) {
        const owner = await this.ownerOf(runner, port);
        throw new ApiError('conflict', `port ${port} is taken by ${describeOwner(owner)}`);
      }
    }
    if (runner.spec.port === undefined && params.reset) throw new ApiError('bad-request', `${runner.name} has no configured port`);
    const steps: string[] = [];
    const from = runner.port;
    this.assignPort(runner, port, params.reset ? `port reset to ${port}` : `port changed from ${from} to ${port}`);
    steps.push(params.reset ? `${runner.name}: port reset to ${port}` : `${runner.name}: port ${from} → ${port} (saved)`);
    if (runner.pid !== null || runner.state === 'blocked' || runner.state === 'backoff' || runner.state === 'failed') {
      await runner.restart(`restarted on port ${port}`);
      steps.push(`${runner.name}: ${runner.reason}`);
    }
    return steps;
  }

  async stopPortOwner(runner: ServiceRunner): Promise<string[]> {
    const problem = runner.problem;
    if (problem?.kind !== 'port-conflict') throw new ApiError('conflict', `${runner.name} has no port conflict`);
    const owner = await this.ownerOf(runner, problem.port);
    if (!owner) {
      await runner.start('port owner gone');
      return [`${runner.name}: port ${problem.port} is free now`, `${runner.name}: ${runner.reason}`];
    }
    if (owner.class !== 'stale-copy') {
      throw new ApiError(
        'conflict',
        `pid ${owner.pid} (${owner.command}) is ${describeClass(owner)}: Upkeep stops only stale copies of ${runner.name}; stop it yourself or use another port`,
      );
    }
    await this.stopProcess(owner.pid);
    await runner.start(`started after stopping stale copy pid ${owner.pid}`);
    return [`${runner.name}: stopped stale copy pid ${owner.pid} (${owner.command})`, `${runner.name}: ${runner.reason}`];
  }

  /** Stops a process we recognised as ours (a stale copy, a duplicate) with its whole tree. */
  private async stopProcess(pid: number): Promise<void> {
    const table = await listProcesses({ wantCwd: () => false });
    const entry = table.find((e) => e.pid === pid);
    if (!entry || !processStartTime(pid)) return;
    // Signal the group only when the process leads its own group: never someone else's group.
    await stopRun({ pid, pgid: entry.pgid === pid ? pid : 0, runId: '' }, STOP_DEFAULTS.signal, STOP_DEFAULTS.timeoutMs);
  }

  // ---- health -------------------------------------------------------------

  running(runner: ServiceRunner): void {
    this.monitors.get(runner.name)?.stop();
    const check = runner.spec.health;
    if (!check) return;
    const monitor = new HealthMonitor({
      check,
      port: () => runner.port,
      cwd: runner.cwd,
      onChange: (health, detail) => this.healthChanged(runner, health, detail),
    });
    this.monitors.set(runner.name, monitor);
    monitor.start();
  }

  ended(runner: ServiceRunner): void {
    this.monitors.get(runner.name)?.stop();
    this.monitors.delete(runner.name);
  }

  private healthChanged(runner: ServiceRunner, health: HealthVerdict, detail: string): void {
    if (runner.state !== 'running' && runner.state !== 'starting') return;
    runner.setHealth(health, detail);
    const check = runner.spec.health;
    const restartByDefault = check?.kind === 'http' || check?.kind === 'tcp';
    if (health === 'unhealthy' && (runner.spec.restartOnUnhealthy ?? restartByDefault) && runner.pid !== null) {
      const threshold = check?.failureThreshold ?? HEALTH_DEFAULTS.failureThreshold;
      void runner.restart(`restarted: unhealthy (${detail}; ${threshold} failed checks in a row)`);
    }
  }

  // ---- duplicates ---------------------------------------------------------

  duplicatesOf(runner: ServiceRunner): ClassifiedProcess[] {
    return this.duplicates.get(runner.name) ?? [];
  }

  /** Starts a scan in the background when the last one is old; one at a time. */
  refreshDuplicatesSoon(): void {
    if (this.duplicatesScan || Date.now() - this.duplicatesAt < DUPLICATES_FRESH_MS) return;
    this.duplicatesScan = this.refreshDuplicates()
      .catch((error: Error) => this.ctx.notice('warn', `looking for duplicates: ${error.message}`))
      .finally(() => {
        this.duplicatesScan = null;
      });
  }

  /** Copies of each service's command that the engine does not own, and tagged runs it lost. */
  async refreshDuplicates(): Promise<void> {
    this.duplicatesAt = Date.now();
    const runners = this.ctx.runners();
    if (runners.length === 0) return;
    // A shell service shows as `sh -c LINE`, or as LINE's first word once the shell exec'd it.
    const programs = new Set(
      runners.flatMap((r) => (r.spec.shell ? ['sh', basename(r.spec.command[0]?.split(/\s+/)[0] ?? '')] : [basename(r.spec.command[0] ?? '')])),
    );
    const [table, roots] = await Promise.all([
      // cwd costs a readlink per process: read it only for processes that could be a copy.
      listProcesses({ wantCwd: (entry) => entry.argv.some((arg) => programs.has(basename(arg))) }),
      findRunTops(this.ctx.paths.dataDir),
    ]);
    const owned = new Set(runners.flatMap((r) => (r.pid === null ? [] : [r.pid])));
    for (const runner of runners) {
      const copies = new Map<number, ClassifiedProcess>();
      for (const entry of findDuplicates(table, { command: runner.spec.command, cwd: runner.cwd, shell: runner.spec.shell }, owned)) {
        copies.set(entry.pid, { pid: entry.pid, command: entry.command, class: 'stale-copy', service: runner.name });
      }
      for (const root of roots) {
        if (root.service === runner.name && root.runId !== runner.runId && !owned.has(root.pid)) {
          copies.set(root.pid, { pid: root.pid, command: commandOf(table, root.pid), class: 'stale-copy', service: runner.name });
        }
      }
      this.duplicates.set(runner.name, [...copies.values()]);
    }
  }

  // ---- restore ------------------------------------------------------------

  /**
   * The one-click fix, step by step: stop our own duplicates and stale copies
   * (never strangers), clear the port, forget the crash loop, start.
   */
  async restore(runners: ServiceRunner[]): Promise<string[]> {
    await this.refreshDuplicates();
    const steps: string[] = [];
    for (const runner of runners) {
      for (const copy of this.duplicatesOf(runner)) {
        await this.stopProcess(copy.pid);
        steps.push(`${runner.name}: stopped duplicate pid ${copy.pid} (${copy.command})`);
      }
      this.duplicates.set(runner.name, []);
      runner.resetBackoff();
      if (runner.pid !== null && runner.state !== 'stopping') {
        steps.push(`${runner.name}: running (pid ${runner.pid}); nothing else to do`);
        continue;
      }
      const port = runner.port;
      if (port !== null && !(await isPortFree(port))) {
        const owner = await this.ownerOf(runner, port);
        if (owner?.class === 'stale-copy') {
          await this.stopProcess(owner.pid);
          steps.push(`${runner.name}: stopped stale copy pid ${owner.pid} holding port ${port}`);
        } else if ((runner.spec.onPortConflict ?? PORT_DEFAULTS.onConflict) === 'reassign') {
          steps.push(`${runner.name}: port ${port} held by ${describeOwner(owner)}; will move to a free port`);
        } else {
          steps.push(`${runner.name}: port ${port} held by ${describeOwner(owner)}; left alone (choose Stop it or another port)`);
        }
      }
      await runner.start('restored by user');
      steps.push(`${runner.name}: ${runner.reason}`);
    }
    return steps;
  }

  // ---- metrics ------------------------------------------------------------

  metricsOf(runner: ServiceRunner): TreeMetrics | null {
    return runner.pid === null ? null : (this.usage.get(runner.pid) ?? null);
  }

  /** A status call's figures: a sample younger than the sampling interval is good enough. */
  async sampleIfStale(): Promise<void> {
    if (Date.now() - this.usageAt < METRICS_INTERVAL_MS) return;
    this.usage = await this.sampler.sampleNow();
    this.usageAt = Date.now();
    this.ctx.sampled?.(this.usage, this.usageAt);
    this.enforceLimits();
  }

  holdMetrics(): () => void {
    return this.sampler.hold();
  }

  /** Services with limits need sampling whether or not anyone looks. */
  limitsChanged(): void {
    const needed = this.ctx.runners().some((r) => r.spec.maxMemory !== undefined || r.spec.maxProcesses !== undefined);
    if (needed && !this.limitsHold) this.limitsHold = this.sampler.hold();
    if (!needed && this.limitsHold) {
      this.limitsHold();
      this.limitsHold = null;
    }
  }

  private sampled(usage: Map<number, TreeUsage>): void {
    this.usage = usage;
    this.usageAt = Date.now();
    this.ctx.sampled?.(usage, this.usageAt);
    this.enforceLimits();
    for (const runner of this.ctx.runners()) if (runner.pid !== null) this.ctx.touched(runner);
  }

  private enforceLimits(): void {
    for (const runner of this.ctx.runners()) {
      const usage = this.metricsOf(runner);
      if (!usage || runner.state !== 'running') continue;
      const { maxMemory, maxProcesses } = runner.spec;
      if (maxMemory !== undefined && usage.memory > maxMemory) {
        void runner.restart(`restarted: memory ${formatBytes(usage.memory)} over the ${formatBytes(maxMemory)} limit`);
      } else if (maxProcesses !== undefined && usage.processes > maxProcesses) {
        if (runner.problem?.kind !== 'too-many-processes') {
          runner.problem = { kind: 'too-many-processes', processes: usage.processes, limit: maxProcesses };
          runner.note(`${usage.processes} processes in its tree (limit ${maxProcesses}): it keeps forking`, 'health');
          this.ctx.notice('warn', `${runner.name}: ${usage.processes} processes (limit ${maxProcesses})`, runner.name);
        }
      } else if (runner.problem?.kind === 'too-many-processes') {
        runner.problem = null;
        this.ctx.touched(runner);
      }
    }
  }

  close(): void {
    for (const monitor of this.monitors.values()) monitor.stop();
    this.monitors.clear();
    for (const timer of this.blockedTimers.values()) clearTimeout(timer);
    this.blockedTimers.clear();
    this.sampler.close();
  }
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function commandOf(table: readonly ProcessEntry[], pid: number): string {
  return table.find((e) => e.pid === pid)?.command ?? `pid ${pid}`;
}

function describeClass(owner: PortOwner): string {
  switch (owner.class) {
    case 'stale-copy':
      return `a stale copy of ${owner.service ?? 'this service'}`;
    case 'upkeep-service':
      return `Upkeep service ${owner.service ?? ''}`.trim();
    case 'supervised':
      return `run by ${owner.supervisor ?? 'another supervisor'}`;
    case 'stranger':
      return 'not started by Upkeep';
    default:
      return 'unknown';
  }
}

export function describeOwner(owner: PortOwner | null): string {
  return owner ? `${owner.command} (pid ${owner.pid}, ${describeClass(owner)})` : 'a process Upkeep cannot see';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
