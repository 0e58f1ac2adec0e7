/**
 * Crash loop: a service that exits 1 at once, started under all supervisors
 * at the same moment and left to them for WINDOW_MS. Restarts are counted by
 * the service itself (one line per start in its own file), the same way for
 * everyone. Two readings: CPU per start, the target (issue #10), counts the
 * whole episode from quiet, the daemon's handling of the start command
 * included, over every start; CPU per restart counts from the first start on,
 * the restarts alone.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RESTART_DEFAULTS } from '../../app/config/defaults.ts';
import { WATCH_AFTER_STOP_MS } from '../../app/rivals/copy-watch.ts';
import { backoffDelay } from '../../app/supervisor/restart-policy.ts';
import { sampleBursts, type Burst } from '../lib/cpu-bursts.ts';
import { cpuSince, cpuSnapshot, type CpuSnapshot, type CpuUse } from '../lib/proc.ts';
import { CRASH_FLOOR, CRASH_SERVICE, crashService, readStarts } from '../lib/services.ts';
import { settle } from '../lib/settle.ts';
import { tempDir } from '../lib/temp.ts';
import { sleep, waitFor } from '../lib/wait.ts';
import { withSupervisors } from '../supervisors/index.ts';
import type { Supervisor, SupervisorId } from '../supervisors/types.ts';
import type { PartContext } from './context.ts';

export const CRASH_WINDOW_MS = 15_000;


export interface CrashFigures {
  restarts: number;
  /** From the first start to the end of the window. */
  cpuMs: number;
  cpu: CpuUse;
  /** From just before the start command: what the whole episode cost. */
  cpuWithStartMs: number;
  cpuPerRestartMs: number;
  /** cpuWithStartMs over every start (restarts + the first). */
  cpuPerStartMs: number;
  finalState: string;
}

/** A bare Node loop on Upkeep's schedule (bench/services/crash-floor.mjs): what any Node supervisor pays here. */
export interface FloorFigures {
  starts: number;
  cpuMs: number;
  cpuPerStartMs: number;
}

/** Upkeep's CPU in bursts of work: the first holds the start command and the loop's cold start-up. */
export interface UpkeepBursts {
  firstMs: number;
  /** Starts inside the first burst (2: the first restart comes at once). */
  firstStarts: number;
  /** Each later burst is one restart: the exit, the backoff, the start. */
  laterMs: number[];
}

/** One window: every supervisor's figures, and Upkeep's CPU in bursts. */
export interface CrashWindow {
  bySupervisor: Partial<Record<SupervisorId, CrashFigures>>;
  upkeepBursts?: UpkeepBursts;
}

export interface CrashResult extends CrashWindow {
  windowMs: number;
  nodeFloor?: FloorFigures;
  /**
   * The same loop run again, by a second service, in the daemons that ran the
   * first: what the loop costs once its code has run in the process (a JIT
   * runtime compiles a function the first time it runs; Python compiled at import).
   */
  again?: CrashWindow;
}

export async function crashPart(ctx: PartContext): Promise<CrashResult> {
  const dir = tempDir('crash');
  const startsFile = (id: SupervisorId | 'floor', service = FIRST): string => path.join(dir, `${id}.${service}.starts`);
  const services = (id: SupervisorId) => [crashService(FIRST, startsFile(id, FIRST)), crashService(AGAIN, startsFile(id, AGAIN))];
  return withSupervisors(ctx.ids, services, async (supervisors) => {
    const floor = ctx.ids.includes('upkeep') ? startFloor(startsFile('floor')) : null;
    try {
      // A fresh Node daemon runs V8's memory reducer some seconds after start-up: not the crash loop's cost.
      await settle([...supervisors.map((supervisor) => supervisor.pid), ...(floor ? [floor.pid] : [])]);
      const floorBefore = floor ? cpuSnapshot(floor.pid) : null;
      const first = await crashWindow(supervisors, FIRST, (id) => startsFile(id, FIRST), () => floor?.go());
      const result: CrashResult = { windowMs: CRASH_WINDOW_MS, ...first };
      if (floor && floorBefore) {
        const floorStarts = readStarts(startsFile('floor')).length;
        const cpuMs = cpuSince(floor.pid, floorBefore).ms;
        result.nodeFloor = { starts: floorStarts, cpuMs, cpuPerStartMs: cpuMs / Math.max(1, floorStarts) };
        floor.stop();
      }
      // Upkeep and PM2 keep retrying a crash loop (every 30 s, or at once): stopped, so the second window is the second loop's alone.
      await Promise.all(supervisors.map((supervisor) => supervisor.stopService(FIRST)));
      // After a stop Upkeep looks once a second, for a minute, for whoever starts the service again: its own cost, not the loop's.
      await sleep(WATCH_AFTER_STOP_MS);
      await settle(supervisors.map((supervisor) => supervisor.pid));
      result.again = await crashWindow(supervisors, AGAIN, (id) => startsFile(id, AGAIN));
      return result;
    } finally {
      floor?.stop();
    }
  });
}

const FIRST = 'crasher';
const AGAIN = 'crasher2';

/** Starts `service` under every supervisor at once, from quiet, and reads their CPU over CRASH_WINDOW_MS. */
async function crashWindow(
  supervisors: Supervisor[],
  service: string,
  startsFile: (id: SupervisorId) => string,
  alsoAtStart: () => void = () => undefined,
): Promise<CrashWindow> {
  const before = supervisors.map((supervisor) => cpuSnapshot(supervisor.pid));
  const windowEnd = Date.now() + CRASH_WINDOW_MS;
  const upkeep = supervisors.find((supervisor) => supervisor.id === 'upkeep');
  const sampledFrom = Date.now();
  const sampling = upkeep ? sampleBursts(upkeep.pid, CRASH_WINDOW_MS) : null;
  // The start commands run unawaited: supervisorctl's only returns once supervisord gives up.
  const starting = Promise.allSettled(supervisors.map((supervisor) => supervisor.startService(service)));
  alsoAtStart();
  const atFirstStart = await Promise.all(supervisors.map((supervisor) => firstStart(supervisor, startsFile(supervisor.id))));
  await sleep(Math.max(0, windowEnd - Date.now()));
  const bursts = await sampling;

  const window: CrashWindow = { bySupervisor: {} };
  if (bursts) window.upkeepBursts = splitBursts(bursts, readStarts(startsFile('upkeep')).map((at) => at - sampledFrom));
  for (const [i, supervisor] of supervisors.entries()) {
    const cpu = cpuSince(supervisor.pid, atFirstStart[i] as CpuSnapshot);
    const restarts = Math.max(0, startsWithin(startsFile(supervisor.id), windowEnd) - 1);
    const cpuWithStartMs = cpuSince(supervisor.pid, before[i] as CpuSnapshot).ms;
    window.bySupervisor[supervisor.id] = {
      restarts,
      cpuMs: cpu.ms,
      cpu,
      cpuWithStartMs,
      cpuPerRestartMs: restarts > 0 ? cpu.ms / restarts : NaN,
      cpuPerStartMs: cpuWithStartMs / (restarts + 1),
      finalState: await supervisor.state(service),
    };
  }
  await starting;
  return window;
}

/** The first burst and the restarts after it; starts are in ms after sampling began. */
function splitBursts(bursts: Burst[], startsAtMs: number[]): UpkeepBursts | undefined {
  const [first, ...later] = bursts;
  if (!first) return undefined;
  // A start line is written by the service once it runs, tens of ms after its spawn.
  const firstStarts = startsAtMs.filter((at) => at >= first.fromMs - 100 && at <= first.toMs + 100).length;
  return { firstMs: first.cpuMs, firstStarts, laterMs: later.map((burst) => burst.cpuMs) };
}

function startsWithin(file: string, end: number): number {
  return readStarts(file).filter((at) => at <= end).length;
}

interface Floor {
  pid: number;
  go(): void;
  stop(): void;
}

/** The bare Node loop, run by the same Node as the bench, waiting on stdin for the window to open. */
function startFloor(file: string): Floor {
  // After the nth quick crash: the backoff, or the crash-loop retry once there were crashLoopCount of them.
  const delays = Array.from({ length: 8 }, (_, i) =>
    i + 1 >= RESTART_DEFAULTS.crashLoopCount ? RESTART_DEFAULTS.maxBackoffMs : backoffDelay(i + 1, RESTART_DEFAULTS),
  );
  const child = spawn(process.execPath, [CRASH_FLOOR, JSON.stringify(delays), CRASH_SERVICE], {
    env: { ...process.env, STARTS_FILE: file },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  // A spawn that fails reports through the throw below; a floor that dies early must not take the bench down with EPIPE.
  child.once('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  if (child.pid === undefined) throw new Error('cannot start the bare Node crash loop');
  const pid = child.pid;
  return {
    pid,
    go: () => child.stdin?.write('go\n'),
    stop: () => {
      child.stdin?.end();
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The supervisor's CPU reading the moment the service's first start shows up. */
function firstStart(supervisor: Supervisor, file: string): Promise<CpuSnapshot> {
  return waitFor(`${supervisor.id} to start the crasher`, () => (readStarts(file).length > 0 ? cpuSnapshot(supervisor.pid) : undefined), 10_000, 2);
}
