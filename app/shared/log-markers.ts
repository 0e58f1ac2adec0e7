/**
 * The lines the engine writes into a service's log where a run begins and
 * ends, and how to recognise them again (the window draws them as
 * separators):
 *
 *   --- upkeep 2026-12-02 15:06:39 started pid 32567 (restart 2 after SIGKILL) ---
 *   --- upkeep 2026-12-02 15:06:40 exited code 1 after 0.4 s ---
 */
import { formatDateTime } from './clock.ts';
import { formatDuration } from './duration.ts';

export interface StartedMarker {
  at: number;
  pid: number;
  /** Which counter this start went to: a restart (crash, health, user) or a run (after a clean exit); null for a first start. */
  counted: 'restart' | 'run' | null;
  /** That counter's value now. */
  count: number;
  /** How the previous run ended ("SIGKILL", "code 1"), when there was one. */
  after: string | null;
}

export interface ExitedMarker {
  at: number;
  code: number | null;
  signal: string | null;
  uptimeMs: number;
}

export function startedMarker(m: StartedMarker): string {
  const why = m.counted ? ` (${m.counted} ${m.count}${m.after ? ` after ${m.after}` : ''})` : '';
  return `--- upkeep ${formatDateTime(m.at)} started pid ${m.pid}${why} ---`;
}

export function exitedMarker(m: ExitedMarker): string {
  const how = m.signal ? `killed by ${m.signal}` : m.code === null ? 'exited' : `exited code ${m.code}`;
  return `--- upkeep ${formatDateTime(m.at)} ${how} after ${formatSeconds(m.uptimeMs)} ---`;
}

/** "SIGKILL" or "code 1": what a later start marker says the previous run ended with. */
export function exitCause(code: number | null, signal: string | null): string | null {
  if (signal) return signal;
  return code === null ? null : `code ${code}`;
}

function formatSeconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s >= 60) return formatDuration(ms);
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

export interface ParsedMarker {
  /** The time as written, local. */
  time: string;
  /** "started pid 32567 (restart 2 after SIGKILL)". */
  text: string;
  kind: 'started' | 'exited';
}

const MARKER = /^--- upkeep (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ((started|exited|killed)\b.*) ---$/;

export function parseMarker(line: string): ParsedMarker | null {
  const match = MARKER.exec(line);
  if (!match) return null;
  return { time: match[1]!, text: match[2]!, kind: match[3] === 'started' ? 'started' : 'exited' };
}
