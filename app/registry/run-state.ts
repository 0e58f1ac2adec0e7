/**
 * state/<name>.json: what the engine learned about a service, as opposed to
 * what a person wrote in its definition: the port it actually runs on after
 * a reassignment, its restart counter and its last exit. Kept apart from
 * config.json (as pitchfork keeps `active_port` apart from its config) so an
 * edit of the definition never carries stale run state back in, and written
 * atomically so it survives the engine and is read by the CLI without one.
 */
import { readFileSync, rmSync } from 'node:fs';
import { writeByRename } from './write-by-rename.ts';
import { z } from 'zod';
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
    const parsed = RunState.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, warning: null };
    return { state: { ...EMPTY_RUN_STATE }, warning: `${file}: not valid run state (${parsed.error.issues[0]?.message ?? 'invalid'}); starting from defaults` };
  } catch (error) {
    return { state: { ...EMPTY_RUN_STATE }, warning: `${file}: ${(error as Error).message}; starting from defaults` };
  }
}

export function writeRunState(paths: DataPaths, name: string, state: RunState): void {
  writeByRename(paths.runState(name), `${JSON.stringify(state, null, 2)}\n`);
}

export function removeRunState(paths: DataPaths, name: string): void {
  rmSync(paths.runState(name), { force: true });
}
