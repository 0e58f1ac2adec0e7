/**
 * After a service's main process died on its own: stop whatever is left of
 * that run (KillMode=control-group; why and the grace in config/defaults.ts).
 * Cheap when nothing is left: one kill(-pgid, 0), and a bind test of the port
 * when the service has one. Only then the tagged-process scan.
 */
import { isPortFree } from '../ports/free.ts';
import { processStartTime } from '../os/identity.ts';
import { processesWithRunId } from './run-members.ts';
import { signal } from './signal.ts';

/** Gone after the grace or not, SIGKILL ends it; this bounds a kernel slow to reap. */
const KILL_WAIT_MS = 1_000;
const POLL_MS = 25;

export interface EndedRun {
  /** The main process, already gone. */
  pid: number;
  pgid: number;
  runId: string;
  port: number | null;
}

export interface Reaped {
  /** Whether anything was left (so the scan ran). */
  scanned: boolean;
  /** Processes that needed SIGKILL after the grace. */
  killed: number[];
  /** The run's port was found free (nothing was left), so a start right after need not test it again. */
  portFree: boolean;
}

/** Does the process group still have a member? EPERM means it has one we may not signal. */
export function groupHasMembers(pgid: number): boolean {
  if (pgid <= 1) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The members still alive (same pid and start time; a zombie counts as gone). */
function alive(members: Map<number, string>): number[] {
  return [...members].filter(([pid, start]) => processStartTime(pid) === start).map(([pid]) => pid);
}

/** Waits on the tagged members only: kill(-pgid, 0) also counts zombies, which init may take seconds to reap. */
async function waitUntilGone(members: Map<number, string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(members).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function reapLeftovers(run: EndedRun, stopSignal: NodeJS.Signals, graceMs: number): Promise<Reaped> {
  const grouped = groupHasMembers(run.pgid);
  if (!grouped && run.port === null) return { scanned: false, killed: [], portFree: false };
  if (!grouped && run.port !== null && (await isPortFree(run.port))) return { scanned: false, killed: [], portFree: true };
  // The group at once, before the scan: a prefork server's workers are all in it.
  if (grouped) signal(-run.pgid, stopSignal);
  // Then whatever carries the run's tag (one that left the group). The master is dead, so it has no tree to walk.
  const members = new Map<number, string>();
  for (const pid of await processesWithRunId(run.runId)) {
    const start = processStartTime(pid);
    if (start && pid !== process.pid) members.set(pid, start);
  }
  for (const pid of members.keys()) signal(pid, stopSignal);
  await waitUntilGone(members, graceMs);
  const killed = alive(members);
  if (grouped && groupHasMembers(run.pgid)) signal(-run.pgid, 'SIGKILL');
  for (const pid of killed) signal(pid, 'SIGKILL');
  await waitUntilGone(members, KILL_WAIT_MS);
  return { scanned: true, killed, portFree: false };
}
