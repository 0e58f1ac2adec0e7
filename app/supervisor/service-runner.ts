/**
 * Supervises one service: spawns it detached with its output appended to its
 * log file, follows its state, applies the restart policy, and stops its
 * whole tree. Every state change goes out through `onChange` with a reason.
 * Operations on one service run one at a time (a queue), so a restart never
 * races a stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import path from 'node:path';
import type { Health, HistoryEntry, LastExit, Problem, ServiceState, WaitingFor } from '../api.ts';
import type { ServiceSpec } from '../config/schema.ts';
import { ADOPTED_POLL_MS, LEFTOVER_DEFAULTS, stopPolicyOf } from '../config/defaults.ts';
import type { DataPaths } from '../paths.ts';
import { buildLaunchPlan, resolveCwd } from '../runs/launch-env.ts';
import { isSameProcess, processStartTime } from '../os/identity.ts';
import { openPrivate } from '../os/open-private.ts';
import { reapLeftovers, type Reaped } from '../runs/reap-leftovers.ts';
import { stopRun } from '../runs/stop-run.ts';
import { removeRecord, writeRecord, type RunRecord } from '../registry/records.ts';
import { livePort, writeRunState, type RunState } from '../registry/run-state.ts';
import { portConflictText } from '../shared/port-owner.ts';
import { markExited, markStarted } from '../logs/run-markers.ts';
import { takeSpawnTurn } from './spawn-gate.ts';
import { holdsFile, watchTrigger, type Trigger } from './relaunch-trigger.ts';
import { cleanExitWait, decideAfterExit, decideAfterSpawnFailure, describeExit, formatMs, type CrashHistory, type Decision, type RestartTiming } from './restart-policy.ts';
import { checkTransition, type RunnerEvent, type TargetOf } from './transitions.ts';
import { uniqueHex } from '../shared/unique-id.ts';

export interface Change {
  from: ServiceState | null;
  to: ServiceState;
  reason: string;
  kind: HistoryEntry['kind'];
}

/** What a runner needs from the engine around it (seams for the port, health and copy checks, and for tests). */
export interface RunnerContext {
  paths: DataPaths;
  timing: RestartTiming;
  baseEnv: NodeJS.ProcessEnv;
  defaultCwd: string;
  onChange(runner: ServiceRunner, change: Change): void;
  /**
   * Before each start: a problem (a taken port) blocks the start.
   * `portJustFree`: the reap of the run that just ended found the port free a moment ago.
   */
  preflight?(runner: ServiceRunner, portJustFree: boolean): Promise<Problem | null>;
  /** Called once the process runs (started or adopted), and when it ends. */
  onRunning?(runner: ServiceRunner): void;
  onEnded?(runner: ServiceRunner): void;
  /** The engine wrote a line of its own to the service's log, which now holds `size` bytes. */
  wroteLog?(logPath: string, size: number): void;
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

/** setTimeout's limit (~24.8 days); a later scheduled run re-arms at that point. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A runner's state is read through getters and changed only through its own
 * named methods (start, stop, setHealth, assignPort, redefine, raise, …), so
 * every change passes the transition table and reaches `onChange`.
 */
export class ServiceRunner {
  private currentSpec: ServiceSpec;
  private currentState: ServiceState = 'stopped';
  private currentHealth: Health = 'unknown';
  private currentReason = 'not started';
  private currentProblem: Problem | null = null;
  private scheduledStartAt: number | null = null;
  private currentWait: WaitingFor | null = null;
  private trigger: Trigger | null = null;
  private wasAdopted = false;
  /** What the engine learned (assigned port, counters, last exit), persisted apart from the definition. */
  private runState: RunState;
  /** A run-state write waiting for the end of the turn that changed it. */
  private runStateWrite: NodeJS.Immediate | null = null;

  private run: Run | null = null;
  /** Which counter the coming start went to, for its log marker ("restart 2", "run 5"). */
  private nextStartCounted: 'restart' | 'run' | null = null;
  private history: CrashHistory = { streak: 0, times: [] };
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** The leftovers of a run whose main process died, being stopped; the next launch waits for it. */
  private reaping: { runId: string; pgid: number; port: number | null; done: Promise<Reaped> } | null = null;
  private readonly ctx: RunnerContext;

  constructor(spec: ServiceSpec, runState: RunState, ctx: RunnerContext) {
    this.currentSpec = spec;
    this.runState = { ...runState };
    this.ctx = ctx;
  }

  get spec(): ServiceSpec {
    return this.currentSpec;
  }
  get name(): string {
    return this.spec.name;
  }
  get state(): ServiceState {
    return this.currentState;
  }
  get health(): Health {
    return this.currentHealth;
  }
  /** Why the service is in its state, in words. */
  get reason(): string {
    return this.currentReason;
  }
  get problem(): Problem | null {
    return this.currentProblem;
  }
  get restarts(): number {
    return this.runState.restarts;
  }
  get runs(): number {
    return this.runState.runs;
  }
  /** While waiting: what the next start waits for. */
  get waitingFor(): WaitingFor | null {
    return this.state === 'waiting' ? this.currentWait : null;
  }
  get lastExit(): LastExit | null {
    return this.runState.lastExit;
  }
  get nextStartAt(): number | null {
    return this.scheduledStartAt;
  }
  get adopted(): boolean {
    return this.wasAdopted;
  }
  get pid(): number | null {
    return this.run?.pid ?? null;
  }
  /** The run whose leftovers are being stopped: its processes are this service's own, never a stray copy. */
  get reapingRun(): { runId: string; pgid: number } | null {
    return this.reaping ? { runId: this.reaping.runId, pgid: this.reaping.pgid } : null;
  }

  /** The process group of the current run (its leader's pid). */
  get pgid(): number | null {
    return this.run?.pgid ?? null;
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
    return livePort(this.spec, this.runState);
  }
  /** The reassigned port, or null when the service runs on its configured one. */
  get assignedPort(): number | null {
    return this.runState.assignedPort;
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

  /** The only place the state changes: checked against the transition table, then announced. */
  private transition<E extends RunnerEvent>(event: E, to: TargetOf<E>, reason: string, kind: Change['kind'] = 'transition'): void {
    const from = this.currentState;
    checkTransition(event, from, to);
    this.currentState = to;
    this.currentReason = reason;
    if (to !== 'running' && to !== 'starting') this.currentHealth = 'unknown';
    this.ctx.onChange(this, { from, to, reason, kind });
  }

  /** Reports a non-state change (health flip, port change) as an event. */
  note(reason: string, kind: Change['kind']): void {
    this.currentReason = reason;
    this.ctx.onChange(this, { from: this.state, to: this.state, reason, kind });
  }

  setHealth(health: Health, detail: string): void {
    if (this.health === health) return;
    this.currentHealth = health;
    if (this.state === 'starting') {
      // The first verdict ends "starting" either way: healthy, or running but unhealthy (yellow).
      this.transition('verdict', 'running', `${health}: ${detail}`, 'health');
      return;
    }
    this.note(`${health}: ${detail}`, 'health');
  }

  /** Flags a problem that does not change the state (a tree that keeps forking, a rival), with its reason. */
  raise(problem: Problem, reason: string): void {
    this.currentProblem = problem;
    this.note(reason, problem.kind === 'too-many-processes' ? 'health' : 'transition');
  }

  /** Clears a problem of this kind, if that is the one shown. */
  clearProblem(kind: Problem['kind']): void {
    if (this.currentProblem?.kind !== kind) return;
    this.currentProblem = null;
    this.ctx.onChange(this, { from: this.state, to: this.state, reason: this.reason, kind: 'transition' });
  }

  /**
   * Moves the service to another port (null: back to the configured one).
   * Run state, not definition: config.json keeps what the person wrote.
   */
  assignPort(port: number | null, reason: string): void {
    this.runState.assignedPort = port === null || port === this.spec.port ? null : port;
    this.writeRunStateNow();
    this.note(reason, 'port');
  }

  /**
   * Swaps in a new definition. A changed configured port is the person's
   * choice, so any reassignment is dropped and the service runs on it.
   */
  redefine(spec: ServiceSpec): void {
    const portChanged = spec.port !== this.currentSpec.port;
    this.currentSpec = spec;
    if (portChanged && this.runState.assignedPort !== null) {
      this.runState.assignedPort = null;
      this.writeRunStateNow();
    }
    // A waiting service waits for what its new definition says (a new schedule, another queue folder).
    if (this.state === 'waiting' && !this.run) {
      const wait = cleanExitWait(spec, Date.now(), this.ctx.timing);
      if (wait === null) {
        this.clearTimer();
        this.transition('stopped', 'stopped', 'definition changed: nothing starts it again after a clean exit');
      } else {
        this.arm(wait);
        this.note(wait.detail, 'config');
      }
    }
  }

  /**
   * With autostart, a scheduled service waits for its first time rather than
   * starting at once: the schedule starts it.
   */
  armSchedule(): Promise<void> {
    return this.enqueue(async () => {
      if (this.run || this.state !== 'stopped' || !this.spec.schedule) return;
      const wait = cleanExitWait(this.spec, Date.now(), this.ctx.timing);
      if (wait?.kind !== 'schedule') return;
      this.transition('armed', 'waiting', wait.detail);
      this.arm(wait);
    });
  }

  /**
   * Counters and the last exit: written once the turn that changed them is
   * over, one write for all it changed (an exit and the restart at once after
   * it). Never on a timer of its own: in a crash loop a timer is one more
   * wake-up per cycle, and on an idle machine a wake-up costs more than the
   * write it would save.
   */
  private saveRunStateSoon(): void {
    if (this.runStateWrite) return;
    this.runStateWrite = setImmediate(() => this.writeRunStateNow());
  }

  private writeRunStateNow(): void {
    if (this.runStateWrite) clearImmediate(this.runStateWrite);
    this.runStateWrite = null;
    try {
      writeRunState(this.ctx.paths, this.name, this.runState);
    } catch (error) {
      this.currentProblem = { kind: 'log', message: `cannot write run state: ${(error as Error).message}` };
    }
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
      this.countRestart();
      await this.launch(reason);
    });
  }

  /** Clears a crash loop's memory, so the next crash restarts at once again. */
  resetBackoff(): void {
    this.history = { streak: 0, times: [] };
  }

  private countRestart(): void {
    this.runState.restarts += 1;
    this.nextStartCounted = 'restart';
    this.saveRunStateSoon();
  }

  /** A start after a clean exit (relaunch, trigger, schedule) is a run, not a restart. */
  private countRun(): void {
    this.runState.runs += 1;
    this.nextStartCounted = 'run';
    this.saveRunStateSoon();
  }

  /** Takes over a process started by an earlier engine (same pid, no second copy). */
  adopt(record: RunRecord): void {
    this.wasAdopted = true;
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
    this.transition('adopted', this.spec.health ? 'starting' : 'running', `adopted running process (pid ${record.pid})`);
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
    this.currentProblem = null;
    this.transition('launch', 'starting', reason);
    const reaped = await this.leftoversGone();
    if (this.disposed) return;
    const blocker = this.ctx.preflight ? await this.ctx.preflight(this, reaped?.portFree === true && reaped.port === this.port) : null;
    if (blocker) {
      this.currentProblem = blocker;
      this.transition('blocked', 'blocked', blocker.kind === 'port-conflict' ? portConflictText(blocker, this.name) : 'blocked');
      return;
    }
    if (this.disposed) return;

    const runId = uniqueHex(16);
    const port = this.port;
    let plan;
    try {
      plan = await buildLaunchPlan(this.spec, { port, runId, dataDir: this.ctx.paths.dataDir, baseEnv: this.ctx.baseEnv, defaultCwd: this.ctx.defaultCwd });
    } catch (error) {
      if (this.disposed) return;
      this.currentProblem = { kind: 'spawn', message: (error as Error).message };
      this.transition('bad-plan', 'failed', `cannot start: ${(error as Error).message}`);
      return;
    }

    const turn = takeSpawnTurn();
    if (turn) await turn;
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
      this.spawnFailed((error as Error).message);
      return;
    }

    const pid = child.pid;
    if (pid === undefined) {
      if (logFd !== null) closeSync(logFd);
      const message = await new Promise<string>((resolve) => child.once('error', (e) => resolve(e.message)));
      this.spawnFailed(message);
      return;
    }
    const startTime = processStartTime(pid) ?? `unknown:${Date.now()}`;
    const run = this.newRun({ pid, startTime, pgid: pid, runId, startedAt: Date.now(), port, child });
    if (logFd !== null) {
      const counted = this.nextStartCounted;
      // Through the descriptor the service was given: one open of the log per start.
      const size = markStarted(logFd, { pid, at: run.startedAt, counted, count: counted === 'run' ? this.runs : this.restarts, previous: this.lastExit });
      closeSync(logFd);
      if (size !== null) this.ctx.wroteLog?.(this.logPath, size);
    }
    this.nextStartCounted = null;
    this.run = run;
    this.wasAdopted = false;
    // Written before anything else can happen: an engine killed right now still finds this process.
    this.writeRecord(run);
    child.once('exit', (code, signal) => this.handleExit(run, code, signal, false));
    child.once('error', () => undefined);
    this.transition('spawned', this.spec.health ? 'starting' : 'running', `started (pid ${pid})`);
    this.ctx.onRunning?.(this);
  }

  private openLog(): number | null {
    try {
      return openPrivate(this.logPath, 'a');
    } catch (error) {
      // The service still runs and is supervised; its output is lost until the log is writable.
      this.currentProblem = { kind: 'log', message: `cannot write ${this.logPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
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
      });
    } catch (error) {
      this.currentProblem = { kind: 'log', message: `cannot write run record: ${(error as Error).message}` };
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
    this.runState.lastExit = { code, signal, at: now };
    this.saveRunStateSoon();
    const logSize = markExited(this.logPath, { code, signal, at: now, startedAt: run.startedAt });
    if (logSize !== null) this.ctx.wroteLog?.(this.logPath, logSize);
    removeRecord(this.ctx.paths, this.name);
    // A stop in progress owns what happens next.
    if (this.state === 'stopping' || this.disposed) return;
    this.reapLeftoversOf(run);

    const decision = decideAfterExit(this.spec, { code, signal, unknown, uptimeMs: now - run.startedAt, now }, this.history, this.ctx.timing);
    this.follow(decision);
    this.transition('exited', decision.state, decision.reason, decision.state === 'waiting' || decision.state === 'stopped' ? 'transition' : 'crash');
  }

  /**
   * The main process died on its own: whatever it left (a prefork server's
   * workers, still holding the port) is stopped before the next start.
   */
  private reapLeftoversOf(run: Run): void {
    const done = reapLeftovers({ pid: run.pid, pgid: run.pgid, runId: run.runId, port: run.port }, stopPolicyOf(this.spec).signal, LEFTOVER_DEFAULTS.graceMs);
    const reaping = { runId: run.runId, pgid: run.pgid, port: run.port, done };
    this.reaping = reaping;
    void done.then(() => {
      if (this.reaping === reaping) this.reaping = null;
    });
  }

  /** Waits for a reap still going; its result (with the port it tested) when there was one. */
  private async leftoversGone(): Promise<(Reaped & { port: number | null }) | null> {
    const reaping = this.reaping;
    return reaping ? { ...(await reaping.done), port: reaping.port } : null;
  }

  /** A start that produced no process (ENOENT, EACCES): a crash of zero uptime, in its own words. */
  private spawnFailed(message: string): void {
    const now = Date.now();
    this.currentProblem = { kind: 'spawn', message };
    this.runState.lastExit = { code: null, signal: null, at: now };
    this.saveRunStateSoon();
    const decision = decideAfterSpawnFailure(this.spec, message, now, this.history, this.ctx.timing);
    if (decision.state === 'waiting') throw new Error('a failed spawn is never a clean exit');
    this.follow(decision);
    this.transition('spawn-failed', decision.state, decision.reason, 'crash');
  }

  /** Keeps the decision's crash memory and schedules what it says. */
  private follow(decision: Decision): void {
    this.history = decision.history;
    if (decision.wait) this.arm(decision.wait);
    else this.schedule(decision.delayMs);
  }

  /** Waits for what a clean exit (or a schedule) says: a delay, a time, or a trigger. */
  private arm(wait: WaitingFor): void {
    this.clearTimer();
    if (this.disposed) return;
    if (wait.kind === 'trigger') {
      const relaunch = this.spec.relaunch ?? {};
      const queue = relaunch.whenNotEmpty ? path.resolve(this.cwd, relaunch.whenNotEmpty) : null;
      if (queue && holdsFile(queue)) {
        // Work is already queued: start after the relaunch delay, so an executor that leaves a file behind cannot spin.
        const delayMs = relaunch.delayMs ?? this.ctx.timing.relaunchDelayMs;
        this.schedule(delayMs);
        this.currentWait = { kind: 'relaunch', detail: `relaunch in ${formatMs(delayMs)} (${path.basename(queue)}/ holds work)`, at: Date.now() + delayMs };
        return;
      }
      this.currentWait = wait;
      this.trigger = watchTrigger(
        { whenNotEmpty: queue ?? undefined, whenChanged: relaunch.whenChanged?.map((file) => path.resolve(this.cwd, file)) },
        (why) => {
          this.trigger = null;
          this.startFromWait(`started: ${why}`);
        },
      );
      return;
    }
    if (wait.kind === 'relaunch') {
      this.schedule(Math.max(0, (wait.at ?? Date.now()) - Date.now()));
      this.currentWait = wait;
      return;
    }
    this.currentWait = wait;
    const at = wait.at ?? Date.now();
    this.scheduledStartAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Woken early (the timer's limit, a clock that moved): wait on for the same time.
      if (Date.now() < at - 1_000) return this.arm(wait);
      this.scheduledStartAt = null;
      this.startFromWait('scheduled run');
    }, Math.min(Math.max(0, at - Date.now()), MAX_TIMER_MS));
  }

  /** A waiting service starts (trigger or schedule); a run still going is never started twice. */
  private startFromWait(reason: string): void {
    void this.enqueue(async () => {
      if (this.run || this.disposed || this.state !== 'waiting') return;
      this.currentWait = null;
      this.countRun();
      await this.launch(reason);
    });
  }

  private schedule(delayMs: number | null): void {
    this.clearTimer();
    if (delayMs === null || this.disposed) return;
    const relaunch = (): void => {
      void this.enqueue(async () => {
        if (this.run || this.disposed) return;
        if (this.state !== 'waiting' && this.state !== 'backoff' && this.state !== 'failed') return;
        const clean = this.state === 'waiting';
        if (clean) this.countRun();
        else this.countRestart();
        this.currentWait = null;
        await this.launch(clean ? 'relaunched after a clean exit' : 'restarted after a crash');
      });
    };
    // An immediate restart skips the timer: setTimeout(0) waits at least 1 ms.
    // The queued task runs after the caller has set the new state, which it checks.
    if (delayMs === 0) return relaunch();
    this.scheduledStartAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scheduledStartAt = null;
      relaunch();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.scheduledStartAt = null;
    this.trigger?.close();
    this.trigger = null;
    this.currentWait = null;
  }

  private async stopNow(reason: string): Promise<void> {
    this.clearTimer();
    const run = this.run;
    if (!run) {
      this.currentProblem = null;
      if (this.state !== 'stopped') this.transition('stopped', 'stopped', reason);
      return;
    }
    // No health verdict may land on a service that is going away.
    this.ctx.onEnded?.(this);
    this.transition('stopping', 'stopping', reason);
    const { signal, timeoutMs: timeout } = stopPolicyOf(this.spec);
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
    this.currentProblem = null;
    this.transition('stopped', 'stopped', `${reason}${note}`);
  }

  /** The service was removed (and stopped): nothing of it is written again, not even a pending run state. */
  discard(): void {
    this.disposed = true;
    this.clearTimer();
    if (this.runStateWrite) clearImmediate(this.runStateWrite);
    this.runStateWrite = null;
  }

  /** The engine is going away: stop watching, leave the process running (it is adopted next time). */
  detach(): void {
    this.disposed = true;
    this.clearTimer();
    if (this.runStateWrite) this.writeRunStateNow();
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
