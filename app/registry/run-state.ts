/**
 * state/<name>.json: what the engine learned about a service, as opposed to
 * what a person wrote in its definition: the port it actually runs on after
 * a reassignment, its restart counter and its last exit. Kept apart from
 * config.json (as pitchfork keeps `active_port` apart from its config) so an
 * edit of the definition never carries stale run state back in; it survives
 * the engine and is read by the CLI without one.
 *
 * Each change appends the whole state as one line; the last complete line is
 * the state. An engine killed mid-write leaves a torn last line, and the
 * reader takes the line before it: the old state or the new, never half.
 * Not a rename over the old file: a crash loop changes the state twice per
 * cycle, and on ext4 a rename that replaces a file first starts writeback of
 * the new one (auto_da_alloc): ~210 µs of CPU a write, against ~10 µs for an
 * append (a loop of each on ext4, Node 24; issue #10's note). Past
 * COMPACT_AT_BYTES the file is rewritten by rename with the last line alone.
 * A file from an older version (one pretty-printed object) still reads.
 */
import { closeSync, fstatSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { openPrivate } from '../os/open-private.ts';
import { writeByRename } from './write-by-rename.ts';
import { z } from '../zod.ts';
import { Port, type ServiceSpec } from '../config/schema.ts';
import type { DataPaths } from '../paths.ts';

export const RunState = z.object({
  /** Set by a reassignment; the service runs here instead of its configured port until reset. */
  assignedPort: Port.nullable().default(null),
  restarts: z.number().int().min(0).default(0),
  /** Starts after a clean exit (relaunch, trigger, schedule): not crashes. */
  runs: z.number().int().min(0).default(0),
  lastExit: z
    .object({ code: z.number().nullable(), signal: z.string().nullable(), at: z.number() })
    .nullable()
    .default(null),
});
export type RunState = z.infer<typeof RunState>;

export const EMPTY_RUN_STATE: RunState = Object.freeze({ assignedPort: null, restarts: 0, runs: 0, lastExit: null });

/** The one rule for the port a service runs on: the reassigned one, else the configured one. */
export function livePort(spec: Pick<ServiceSpec, 'port'>, state: Pick<RunState, 'assignedPort'>): number | null {
  return state.assignedPort ?? spec.port ?? null;
}

export interface RunStateRead {
  state: RunState;
  /** Set when the file exists but could not be used; the defaults apply and the file is left for a person. */
  warning: string | null;
}

export function readRunState(paths: DataPaths, name: string): RunStateRead {
  const file = paths.runState(name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { state: { ...EMPTY_RUN_STATE }, warning: null };
  }
  try {
    const parsed = RunState.safeParse(lastState(text));
    if (parsed.success) return { state: parsed.data, warning: null };
    return { state: { ...EMPTY_RUN_STATE }, warning: `${file}: not valid run state (${parsed.error.issues[0]?.message ?? 'invalid'}); starting from defaults` };
  } catch (error) {
    return { state: { ...EMPTY_RUN_STATE }, warning: `${file}: ${(error as Error).message}; starting from defaults` };
  }
}

/** The last line that is a whole JSON object (a torn last line is skipped); else the text as one document (the older format). */
function lastState(text: string): unknown {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]?.trim() ?? '';
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      // A torn line, or the first line of an older pretty-printed file.
    }
  }
  return JSON.parse(text) as unknown;
}

/** Past this size the next write leaves the file with its last line alone (~100 bytes a line: one rename per ~80 writes). */
export const COMPACT_AT_BYTES = 8 * 1024;

export function writeRunState(paths: DataPaths, name: string, state: RunState): void {
  const file = paths.runState(name);
  // The newline goes first: a line torn by a killed engine is ended by the next write, never glued to it.
  const line = `\n${JSON.stringify(state)}`;
  const fd = openPrivate(file, 'a');
  let size: number;
  try {
    writeSync(fd, line);
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  if (size > COMPACT_AT_BYTES) writeByRename(file, `${JSON.stringify(state)}\n`);
}

export function removeRunState(paths: DataPaths, name: string): void {
  rmSync(paths.runState(name), { force: true });
}
