/**
 * A service's port, before and after it starts: the check before every start
 * (and what the conflict policy does about a taken port), the owner's
 * classification, reassignment (`port --auto`, `Use N`), stopping a stale
 * copy that holds it, and starting a blocked service by itself once its port
 * is free again.
 */
import { ApiError, type Finding, type Params, type PortOwner, type Problem } from '../api.ts';
import { PORT_DEFAULTS } from '../config/defaults.ts';
import type { DataPaths } from '../paths.ts';
import { listProcesses } from '../os/table.ts';
import { stopRecognised } from '../runs/stop-run.ts';
import { findRunTops } from '../runs/tags.ts';
import { readRecords } from '../registry/records.ts';
import { describeClass, describeOwner } from '../shared/port-owner.ts';
import { takeoverHint } from '../shared/rival-text.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { classifyOwner } from './classify.ts';
import { findFreePort, isPortFree } from './free.ts';
import { findPortOwner } from './owner.ts';

export interface PortGuardContext {
  paths: DataPaths;
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
  /** Recent rival findings: a port owner a rival runs is never a stale copy. */
  rivals?(): Promise<Finding[]>;
}

/** A port held by no visible process is looked at again this many times, this far apart, before it blocks. */
const RELEASE_LOOKS = 5;
const RELEASE_WAIT_MS = 100;

/** While blocked on a taken port, look again at this pace and start once it is free. */
const BLOCKED_RECHECK_MS = 5_000;

export class PortGuard {
  private readonly ctx: PortGuardContext;
  private readonly blockedTimers = new Map<string, NodeJS.Timeout>();

  constructor(ctx: PortGuardContext) {
    this.ctx = ctx;
  }

  /**
   * Before each start: null when the start may go on, else the problem that
   * blocks it. `portJustFree`: the runner's reap of the run that just ended
   * tested the port a moment ago (one bind test per restart, not two).
   */
  async preflight(runner: ServiceRunner, portJustFree = false): Promise<Problem | null> {
    this.clearBlocked(runner);
    const port = runner.port;
    if (port === null || portJustFree || (await isPortFree(port))) return null;
    let owner = await this.ownerOf(runner, port);
    // Nobody visible holds it: a listener whose processes were just killed (our own
    // reaped leftovers) is released by the kernel a moment later. Look again, bounded.
    for (let look = 0; owner === null && look < RELEASE_LOOKS; look += 1) {
      await new Promise((resolve) => setTimeout(resolve, RELEASE_WAIT_MS));
      if (await isPortFree(port)) return null;
      owner = await this.ownerOf(runner, port);
    }
    const policy = runner.spec.onPortConflict ?? PORT_DEFAULTS.onConflict;

    if (policy === 'stop-stale' && owner?.class === 'stale-copy') {
      await stopRecognised(owner.pid, await listProcesses({ wantCwd: () => false }));
      this.ctx.notice('info', `${runner.name}: stopped a stale copy on port ${port} (pid ${owner.pid})`, runner.name);
      if (await isPortFree(port)) return null;
    } else if (policy === 'reassign') {
      const next = await this.nextFreePort(runner);
      if (next !== null) {
        runner.assignPort(next, `port ${port} taken by ${describeOwner(owner, runner.name)}; moved to ${next}`);
        return null;
      }
    }
    this.watchBlocked(runner, port);
    return { kind: 'port-conflict', port, owner, nextFreePort: await this.nextFreePort(runner) };
  }

  async ownerOf(runner: ServiceRunner, port: number): Promise<PortOwner | null> {
    const holder = await findPortOwner(port);
    if (!holder) return null;
    const [table, tagged, rivals] = await Promise.all([listProcesses(), findRunTops(this.ctx.paths.dataDir), this.ctx.rivals?.() ?? []]);
    return classifyOwner(holder, {
      tagged,
      rivals,
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
      if (runner.spec.port === undefined) throw new ApiError('bad-request', `${runner.name} has no configured port`);
      port = runner.spec.port;
    } else if (params.auto) {
      port = await this.nextFreePort(runner);
      if (port === null) throw new ApiError('conflict', `no free port within ${PORT_DEFAULTS.searchRange} after ${runner.spec.port ?? runner.port}`);
    } else {
      port = params.port ?? null;
      if (port !== null && port !== runner.port && !(await isPortFree(port))) {
        const owner = await this.ownerOf(runner, port);
        throw new ApiError('conflict', `port ${port} is taken by ${describeOwner(owner, runner.name)}`);
      }
    }
    const from = runner.port;
    runner.assignPort(port, params.reset ? `port reset to ${port}` : `port changed from ${from} to ${port}`);
    const steps = [params.reset ? `${runner.name}: port reset to ${port}` : `${runner.name}: port ${from} → ${port} (saved)`];
    if (runner.pid !== null || runner.state === 'blocked' || runner.state === 'backoff' || runner.state === 'failed') {
      await runner.restart(`restarted on port ${port}`);
      steps.push(`${runner.name}: ${runner.reason}`);
    }
    return steps;
  }

  /** "Stop it": only ever a stale copy of this very service. */
  async stopPortOwner(runner: ServiceRunner): Promise<string[]> {
    const problem = runner.problem;
    if (problem?.kind !== 'port-conflict') throw new ApiError('conflict', `${runner.name} has no port conflict`);
    const owner = await this.ownerOf(runner, problem.port);
    if (!owner) {
      await runner.start('port owner gone');
      return [`${runner.name}: port ${problem.port} is free now`, `${runner.name}: ${runner.reason}`];
    }
    if (owner.class === 'supervised') {
      throw new ApiError(
        'conflict',
        `pid ${owner.pid} (${owner.command}) is ${describeClass(owner, runner.name)}, which would start it again: Upkeep stops only stale copies of ${runner.name}; ${takeoverHint(runner.name)}, or use another port`,
      );
    }
    if (owner.class !== 'stale-copy') {
      throw new ApiError(
        'conflict',
        `pid ${owner.pid} (${owner.command}) is ${describeClass(owner, runner.name)}: Upkeep stops only stale copies of ${runner.name}; stop it yourself or use another port`,
      );
    }
    await stopRecognised(owner.pid, await listProcesses({ wantCwd: () => false }));
    await runner.start(`started after stopping stale copy pid ${owner.pid}`);
    return [`${runner.name}: stopped stale copy pid ${owner.pid} (${owner.command})`, `${runner.name}: ${runner.reason}`];
  }

  close(): void {
    for (const timer of this.blockedTimers.values()) clearTimeout(timer);
    this.blockedTimers.clear();
  }
}
