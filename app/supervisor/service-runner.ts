/**
 * Supervises one service: spawns it detached with its output appended to its
 * log file, follows its state, applies the restart policy, and stops its
 * whole tree. Every state change goes out through `onChange` with a reason.
 * Operations on one service run one at a time (a queue), so a restart never
 * races a stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Health, HistoryEntry, LastExit, Problem, ServiceState } from '../api.ts';
import type { ServiceSpec } from '../config/schema.ts';
import { ADOPTED_POLL_MS, STOP_DEFAULTS } from '../config/defaults.ts';
import type { DataPaths } from '../paths.ts';
import { buildLaunchPlan, resolveCwd } from '../process/launch-env.ts';
import { isSameProcess, processStartTime } from '../process/identity.ts';
import { stopRun } from '../process/stop-run.ts';
import { removeRecord, writeRecord, type RunRecord } from '../registry/records.ts';
import { nextSpawnTurn } from './spawn-gate.ts';
import { decideAfterExit, describeExit, type CrashHistory, type RestartTiming } from './restart-policy.ts';

export interface Change {
  from: ServiceState | null;
  to: ServiceState;
  reason: string;
  kind: HistoryEntry['kind'];
}

/** What a runner needs from the engine around it (seams for issue #3's checks, and for tests). */
export interface RunnerContext {
  paths: DataPaths;
  timing: RestartTiming;
  baseEnv: NodeJS.ProcessEnv;
  defaultCwd: string;
  onChange(runner: ServiceRunner, change: Change): void;
  /** Before each start: a problem (a taken port) blocks the start. */
  preflight?(runner: ServiceRunner): Promise<Problem | null>;
  /** Called once the process runs (started or adopted), and when it ends. */
  onRunning?(runner: ServiceRunner): void;
  onEnded?(runner: ServiceRunner): void;
}

interface Run {
  pid: number;
  startTime: string;
  pgid: number;
  runId: string;
  startedAt: number;
  port: number | null;
  child: ChildProcess | null;
  /** Resolves when the process has ended (exit event, or liveness poll for adopted ones). */
  ended: Promise<void>;
  markEnded: () => void;
  poll: NodeJS.Timeout | null;
}

export class ServiceRunner {
  spec: ServiceSpec;
  state: ServiceState = 'stopped';
  health: Health = 'unknown';
  reason = 'not started';
  restarts = 0;
  lastExit: LastExit | null = null;
  problem: Problem | null = null;
  nextStartAt: number | null = null;
  adopted = false;

  private run: Run | null = null;
  private history: CrashHistory = { streak: 0, times: [] };
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly ctx: RunnerContext;

  constructor(spec: ServiceSpec, ctx: RunnerContext) {
    this.spec = spec;
    this.ctx = ctx;
  }

  get name(): string {
    return this.spec.name;
  }
  get pid(): number | null {
    return this.run?.pid ?? null;
  }
  get runId(): string | null {
    return this.run?.runId ?? null;
  }
  get startedAt(): number | null {
    return this.run?.startedAt ?? null;
  }
  get cwd(): string {
    return resolveCwd(this.spec, this.ctx.defaultCwd);
  }
  /** The port the service runs on: the reassigned one if any, else the configured one. */
  get port(): number | null {
    return this.spec.assignedPort ?? this.spec.port ?? null;
  }
  get logPath(): string {
    return this.ctx.paths.log(this.name);
  }
  /** Owned pids (the running root), for duplicate detection. */
  get ownedPid(): number | null {
    return this.run?.pid ?? null;
  }

  /** Serialises operations on this service. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setState(to: ServiceState, reason: string, kind: Change['kind'] = 'transition'): void {
    const from = this.state;
    this.state = to;
    this.reason = reason;
    if (to !== 'running' && to !== 'starting') this.health = 'unknown';
    this.ctx.onChange(this, { from, to, reason, kind });
  }

  /** Reports a non-state change (health flip, port change) as an event. */
  note(reason: string, kind: Change['kind']): void {
    this.reason = reason;
    this.ctx.onChange(this, { from: this.state, to: this.state, reason, kind });
  }

  setHealth(health: Health, detail: string): void {
    if (this.health === health) return;
    this.health = health;
    if (this.state === 'starting') {
      // The first verdict ends "starting" either way: healthy, or running but unhealthy (yellow).
      this.setState('running', `${health}: ${detail}`, 'health');
      return;
    }
    this.note(`${health}: ${detail}`, 'health');
  }

  start(reason: string): Promise<void> {
    return this.enqueue(async () => {
      this.clearTimer();
      if (this.run) return;
      await this.launch(reason);
    });
  }

  stop(reason: string): Promise<void> {
    return this.enqueue(() => this.stopNow(reason));
  }

  restart(reason: string): Promise<void> {
    return this.enqueue(async () => {
      await this.stopNow(reason);
      this.history = { streak: 0, times: [] };
      this.restarts += 1;
      await this.launch(reason);
    });
  }

  /** Clears a crash loop's memory, so the next crash restarts at once again. */
  resetBackoff(): void {
    this.history = { streak: 0, times: [] };
  }

  /** Takes over a process started by an earlier engine (same pid, no second copy). */
  adopt(record: RunRecord): void {
    this.adopted = true;
    this.restarts = record.restarts;
    this.lastExit = record.lastExit;
    this.run = this.newRun({
      pid: record.pid,
      startTime: record.startTime,
      pgid: record.pgid,
      runId: record.runId,
      startedAt: record.startedAt,
      port: record.port,
      child: null,
    });
    this.watchAdopted(this.run);
    this.writeRecord(this.run);
    this.setState(this.spec.health ? 'starting' : 'running', `adopted running process (pid ${record.pid})`);
    this.ctx.onRunning?.(this);
  }

  private newRun(fields: Omit<Run, 'ended' | 'markEnded' | 'poll'>): Run {
    let markEnded = (): void => undefined;
    const ended = new Promise<void>((resolve) => {
      markEnded = resolve;
    });
    return { ...fields, ended, markEnded, poll: null };
  }

  /** Adopted processes are not our children: their end is seen by a cheap kill(pid, 0)-style check. */
  private watchAdopted(run: Run): void {
    run.poll = setInterval(() => {
      if (isSameProcess(run.pid, run.startTime)) return;
      if (run.poll) clearInterval(run.poll);
      run.poll = null;
      this.handleExit(run, null, null, true);
    }, ADOPTED_POLL_MS);
  }

  private async launch(reason: string): Promise<void> {
    if (this.disposed) return;
    this.problem = null;
    this.setState('starting', reason);
    const blocker = this.ctx.preflight ? await this.ctx.preflight(this) : null;
    if (blocker) {
      this.problem = blocker;
      this.setState('blocked', blockedReason(blocker));
      return;
    }
    if (this.disposed) return;

    const runId = randomBytes(8).toString('hex');
    const port = this.port;
    let plan;
    try {
      plan = buildLaunchPlan(this.spec, { port, runId, dataDir: this.ctx.paths.dataDir, baseEnv: this.ctx.baseEnv, defaultCwd: this.ctx.defaultCwd });
    } catch (error) {
      this.problem = { kind: 'spawn', message: (error as Error).message };
      this.setState('failed', `cannot start: ${(error as Error).message}`);
      return;
    }

    await nextSpawnTurn();
    if (this.disposed) return;
    const logFd = this.openLog();
    let child: ChildProcess;
    try {
      child = spawn(plan.file, plan.args, {
        cwd: plan.cwd,
        env: plan.env,
        // Own process group and session: the service outlives the engine, and
        // stop can signal the whole group at once.
        detached: true,
        stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'ignore'],
        windowsHide: true,
      });
    } catch (error) {
      if (logFd !== null) closeSync(logFd);
      this.problem = { kind: 'spawn', message: (error as Error).message };
      this.crashWithoutProcess(`cannot start: ${(error as Error).message}`);
      return;
    }
    if (logFd !== null) closeSync(logFd);

    const pid = child.pid;
    if (pid === undefined) {
      const message = await new Promise<string>((resolve) => child.once('error', (e) => resolve(e.message)));
      this.problem = { kind: 'spawn', message };
      this.crashWithoutProcess(`cannot start: ${message}`);
      return;
    }
    const startTime = processStartTime(pid) ?? `unknown:${Date.now()}`;
    const run = this.newRun({ pid, startTime, pgid: pid, runId, startedAt: Date.now(), port, child });
    this.run = run;
    this.adopted = false;
    // Written before anything else can happen: an engine killed right now still finds this process.
    this.writeRecord(run);
    child.once('exit', (code, signal) => this.handleExit(run, code, signal, false));
    child.once('error', () => undefined);
    this.setState(this.spec.health ? 'starting' : 'running', `started (pid ${pid})`);
    this.ctx.onRunning?.(this);
  }

  private openLog(): number | null {
    try {
      mkdirSync(this.ctx.paths.logsDir, { recursive: true, mode: 0o700 });
      return openSync(this.logPath, 'a', 0o600);
    } catch (error) {
      // The service still runs and is supervised; its output is lost until the log is writable.
      this.problem = { kind: 'log', message: `cannot write ${this.logPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
      return null;
    }
  }

  private writeRecord(run: Run): void {
    try {
      writeRecord(this.ctx.paths, {
        name: this.name,
        pid: run.pid,
        startTime: run.startTime,
        pgid: run.pgid,
        port: run.port,
        logPath: this.logPath,
        command: this.spec.command,
        cwd: this.cwd,
        startedAt: run.startedAt,
        runId: run.runId,
        restarts: this.restarts,
        lastExit: this.lastExit,
      });
    } catch (error) {
      this.problem = { kind: 'log', message: `cannot write run record: ${(error as Error).message}` };
    }
  }

  private handleExit(run: Run, code: number | null, signal: NodeJS.Signals | null, unknown: boolean): void {
    if (this.run !== run) return;
    const now = Date.now();
    this.run = null;
    if (run.poll) clearInterval(run.poll);
    run.child?.removeAllListeners();
    run.markEnded();
    this.ctx.onEnded?.(this);
    this.lastExit = { code, signal, at: now };
    removeRecord(this.ctx.paths, this.name);
    // A stop in progress owns what happens next.
    if (this.state === 'stopping' || this.disposed) return;

    const decision = decideAfterExit(
      this.spec,
      { code, signal, unknown, uptimeMs: now - run.startedAt, now },
      this.history,
      this.ctx.timing,
    );
    this.history = decision.history;
    const kind = decision.state === 'waiting' || decision.state === 'stopped' ? 'transition' : 'crash';
    this.schedule(decision.delayMs);
    this.setState(decision.state, decision.reason, kind);
  }

  /** A start that produced no process (ENOENT, EACCES) counts as a crash of zero uptime. */
  private crashWithoutProcess(reason: string): void {
    const now = Date.now();
    this.lastExit = { code: null, signal: null, at: now };
    const decision = decideAfterExit(this.spec, { code: 127, signal: null, unknown: false, uptimeMs: 0, now }, this.history, this.ctx.timing);
    this.history = decision.history;
    this.schedule(decision.delayMs);
    this.setState(decision.state === 'waiting' ? 'backoff' : decision.state, `${reason}; ${decision.reason.replace(/^[^;]*; ?/, '')}`, 'crash');
  }

  private schedule(delayMs: number | null): void {
    this.clearTimer();
    if (delayMs === null || this.disposed) return;
    const relaunch = (): void => {
      void this.enqueue(async () => {
        if (this.run || this.disposed) return;
        if (this.state !== 'waiting' && this.state !== 'backoff' && this.state !== 'failed') return;
        this.restarts += 1;
        await this.launch(this.state === 'waiting' ? 'relaunched after a clean exit' : 'restarted after a crash');
      });
    };
    // An immediate restart skips the timer: setTimeout(0) waits at least 1 ms.
    // The queued task runs after the caller has set the new state, which it checks.
    if (delayMs === 0) return relaunch();
    this.nextStartAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextStartAt = null;
      relaunch();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextStartAt = null;
  }

  private async stopNow(reason: string): Promise<void> {
    this.clearTimer();
    const run = this.run;
    if (!run) {
      if (this.state !== 'stopped') this.setState('stopped', reason);
      this.problem = null;
      return;
    }
    // No health verdict may land on a service that is going away.
    this.ctx.onEnded?.(this);
    this.setState('stopping', reason);
    const signal = this.spec.stopSignal ?? STOP_DEFAULTS.signal;
    const timeout = this.spec.stopTimeoutMs ?? STOP_DEFAULTS.timeoutMs;
    let note = '';
    try {
      const outcome = await stopRun({ pid: run.pid, pgid: run.pgid, runId: run.runId }, signal, timeout);
      if (outcome.killed.length > 0) note = ` (SIGKILL after ${timeout} ms: ${outcome.killed.join(', ')})`;
    } catch (error) {
      note = ` (${(error as Error).message})`;
    }
    // Our own child's exit event closes the run; an adopted one is gone once stopRun returns.
    if (this.run === run) {
      if (run.child) await Promise.race([run.ended, new Promise((r) => setTimeout(r, 1_000))]);
      if (this.run === run) this.handleExit(run, null, null, true);
    }
    this.problem = null;
    this.setState('stopped', `${reason}${note}`);
  }

  /** The engine is going away: stop watching, leave the process running (it is adopted next time). */
  detach(): void {
    this.disposed = true;
    this.clearTimer();
    const run = this.run;
    if (!run) return;
    if (run.poll) clearInterval(run.poll);
    run.child?.removeAllListeners();
    run.child?.unref();
    this.writeRecord(run);
  }

  /** Resolves when queued operations are done (tests, shutdown). */
  idle(): Promise<unknown> {
    return this.queue;
  }

  describeLastExit(): string | null {
    return this.lastExit ? describeExit({ code: this.lastExit.code, signal: this.lastExit.signal, unknown: false }) : null;
  }
}

function blockedReason(problem: Problem): string {
  if (problem.kind !== 'port-conflict') return 'blocked';
  const owner = problem.owner;
  return owner
    ? `port ${problem.port} is taken by ${owner.command} (pid ${owner.pid}, ${owner.class})`
    : `port ${problem.port} is taken`;
}
