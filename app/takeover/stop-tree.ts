/**
 * Stops a process and everything below it, identified by pid plus start
 * time (pids get reused). The top is paused first (SIGSTOP) so a loop cannot
 * start another child between the snapshot and the signals; survivors of
 * SIGTERM get SIGKILL. Bounded.
 */
import { processStartTime } from '../os/identity.ts';
import { signal } from '../runs/signal.ts';
import { waitUntilGone } from '../runs/stop-run.ts';
import { descendants, listProcesses } from '../os/table.ts';

const STOP_WAIT_MS = 3_000;

/** Returns how many processes were stopped (0 when the pid is no longer that process). */
export async function stopTree(pid: number, startTime: string): Promise<number> {
  if (processStartTime(pid) !== startTime) return 0;
  signal(pid, 'SIGSTOP');
  const members = new Map<number, string>([[pid, startTime]]);
  for (const entry of descendants(await listProcesses({ wantCwd: () => false }), pid)) {
    const start = processStartTime(entry.pid);
    if (start) members.set(entry.pid, start);
  }
  for (const member of members.keys()) signal(member, 'SIGTERM');
  signal(pid, 'SIGCONT');
  for (const member of await waitUntilGone(members, STOP_WAIT_MS)) signal(member, 'SIGKILL');
  const survivors = await waitUntilGone(members, STOP_WAIT_MS);
  if (survivors.length > 0) throw new Error(`processes ${survivors.join(', ')} survived SIGKILL`);
  return members.size;
}
