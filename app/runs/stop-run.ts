/**
 * Stops one run of a service so that nothing of it survives: the stop signal
 * to the process group and to every member found (tree, group, tagged
 * escapees), a bounded wait, then SIGKILL to every survivor's whole tree
 * (tree-kill). Members are identified by pid + start time, so a pid reused
 * meanwhile is never signalled.
 */
import treeKill from 'tree-kill';
import { STOP_DEFAULTS } from '../config/defaults.ts';
import { processStartTime } from '../os/identity.ts';
import { runMembers } from './run-members.ts';
import { signal } from './signal.ts';

export interface StopTarget {
  pid: number;
  pgid: number;
  runId: string;
}

export interface StopOutcome {
  /** Processes that needed SIGKILL. */
  killed: number[];
}

const POLL_MS = 50;
const KILL_WAIT_MS = 3_000;
const KILL_ROUNDS = 6;

async function snapshot(target: StopTarget): Promise<Map<number, string>> {
  const members = new Map<number, string>();
  for (const pid of await runMembers(target.pid, target.runId)) {
    const start = processStartTime(pid);
    if (start) members.set(pid, start);
  }
  return members;
}

/** Members (pid → start time) still alive as the same process. */
export function survivors(members: ReadonlyMap<number, string>): number[] {
  return [...members].filter(([pid, start]) => processStartTime(pid) === start).map(([pid]) => pid);
}

/** Waits, bounded, until no member is alive; returns those still alive. */
export async function waitUntilGone(members: ReadonlyMap<number, string>, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = survivors(members);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    alive = survivors(members);
  }
  return alive;
}

export async function stopRun(target: StopTarget, stopSignal: NodeJS.Signals, timeoutMs: number): Promise<StopOutcome> {
  const members = await snapshot(target);
  if (members.size === 0) return { killed: [] };
  if (target.pgid > 1) signal(-target.pgid, stopSignal);
  for (const pid of members.keys()) signal(pid, stopSignal);

  await waitUntilGone(members, timeoutMs);

  // SIGKILL in rounds: a member may have forked after the first scan, or fork
  // between a scan and the kill, so look again until a scan finds nothing
  // alive (bounded). A service that stopped politely ends in the first round.
  const killed = new Set<number>();
  for (let round = 0; round < KILL_ROUNDS; round += 1) {
    for (const [pid, start] of await snapshot(target)) members.set(pid, start);
    const alive = survivors(members);
    if (alive.length === 0) return { killed: [...killed] };
    if (target.pgid > 1) signal(-target.pgid, 'SIGKILL');
    for (const pid of alive) {
      killed.add(pid);
      signal(pid, 'SIGKILL');
      treeKill(pid, 'SIGKILL', () => undefined);
    }
    await waitUntilGone(members, KILL_WAIT_MS / KILL_ROUNDS);
  }
  const left = survivors(members);
  if (left.length > 0) throw new Error(`processes ${left.join(', ')} survived SIGKILL`);
  return { killed: [...killed] };
}

/**
 * Stops a process Upkeep recognised as its own (a stale copy, a duplicate)
 * with its whole tree. Its group is signalled only when it leads that group:
 * never someone else's group.
 */
export async function stopRecognised(pid: number, table: readonly { pid: number; pgid: number }[]): Promise<void> {
  const entry = table.find((e) => e.pid === pid);
  if (!entry || !processStartTime(pid)) return;
  await stopRun({ pid, pgid: entry.pgid === pid ? pid : 0, runId: '' }, STOP_DEFAULTS.signal, STOP_DEFAULTS.timeoutMs);
}
