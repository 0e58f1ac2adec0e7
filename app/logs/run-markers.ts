/**
 * Appends the engine's own line to a service's log where a run begins (right
 * after the spawn, so the pid is known) and where it ends, so the log shows
 * each run's bounds. The service writes the same file through its own
 * O_APPEND descriptor; one short append of ours lands whole between its writes.
 */
import { appendFileSync } from 'node:fs';
import { exitCause, exitedMarker, startedMarker } from '../shared/log-markers.ts';
import type { LastExit } from '../api.ts';

export interface RunStart {
  pid: number;
  at: number;
  /** Whether this start was counted as a restart or as a run (after a clean exit), and that counter now. */
  counted: 'restart' | 'run' | null;
  count: number;
  /** How the run before this one ended, if there was one. */
  previous: LastExit | null;
}

/** Through the descriptor open on the log for the service (appending): the start pays no open of its own. */
export function markStarted(logFd: number, start: RunStart): void {
  const after = start.previous ? exitCause(start.previous.code, start.previous.signal) : null;
  append(logFd, startedMarker({ at: start.at, pid: start.pid, counted: start.counted, count: start.count, after }));
}

export function markExited(logPath: string, exit: { code: number | null; signal: string | null; at: number; startedAt: number }): void {
  append(logPath, exitedMarker({ at: exit.at, code: exit.code, signal: exit.signal, uptimeMs: exit.at - exit.startedAt }));
}

function append(log: string | number, line: string): void {
  try {
    appendFileSync(log, `${line}\n`, { mode: 0o600 });
  } catch {
    // An unwritable log is the runner's problem to report (it opens the same file for the service); a lost marker is not worth a second one.
  }
}
