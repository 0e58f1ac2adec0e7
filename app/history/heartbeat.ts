/**
 * A live engine touches history/engine.alive once a minute, so the next
 * engine can tell when one that was killed (no chance to write its stop)
 * was last seen: the strip then shows "Upkeep not running" from there on,
 * not a quiet stretch that never was.
 */
import { closeSync, mkdirSync, openSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

export const HEARTBEAT_MS = 60_000;

export interface Heartbeat {
  stop(): void;
}

export function startHeartbeat(file: string, everyMs = HEARTBEAT_MS): Heartbeat {
  const beat = (): void => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      try {
        mkdirSync(path.dirname(file), { mode: 0o700 });
        closeSync(openSync(file, 'a', 0o600));
      } catch {
        // An unwritable data dir is told elsewhere (the history store); a missed beat only blurs one minute.
      }
    }
  };
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** When the previous engine was last seen alive, or null if none ever was. */
export function lastSeen(file: string): number | null {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? null;
}
