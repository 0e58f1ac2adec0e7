/**
 * Appends the engine's own line to a service's log where a run begins (right
 * after the spawn, so the pid is known) and where it ends, so the log shows
 * each run's bounds. The service writes the same file through its own
 * O_APPEND descriptor; one short append of ours lands whole between its writes.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
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

/*
 * Both return the log's size after the line (null when it could not be
 * written), so log rotation can tell the engine's own line from a service's
 * growth without waking up for it.
 */

/** Through the descriptor open on the log for the service (appending): the start pays no open of its own. */
export function markStarted(logFd: number, start: RunStart): number | null {
  const after = start.previous ? exitCause(start.previous.code, start.previous.signal) : null;
  return append(logFd, startedMarker({ at: start.at, pid: start.pid, counted: start.counted, count: start.count, after }));
}

export function markExited(logPath: string, exit: { code: number | null; signal: string | null; at: number; startedAt: number }): number | null {
  let fd: number;
  try {
    // Not openPrivate: the start made the folder, and one removed since stays removed.
    fd = openSync(logPath, 'a', 0o600);
  } catch {
    return null;
  }
  try {
    return append(fd, exitedMarker({ at: exit.at, code: exit.code, signal: exit.signal, uptimeMs: exit.at - exit.startedAt }));
  } finally {
    closeSync(fd);
  }
}

function append(fd: number, line: string): number | null {
  try {
    writeSync(fd, `${line}\n`);
    return fstatSync(fd).size;
  } catch {
    // An unwritable log is the runner's problem to report (it opens the same file for the service); a lost marker is not worth a second one.
    return null;
  }
}
