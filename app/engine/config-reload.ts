/**
 * What a re-read config.json changes: which services are new, which are gone,
 * and which changed, and whether a change needs the process restarted. A pure
 * function of the two lists, so the rules read in one place.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ServiceSpec } from '../config/schema.ts';

/** Fields read afresh at each decision (an exit, a stop, a limit check): they apply without a restart. */
const LIVE_FIELDS = new Set<keyof ServiceSpec>([
  'restart',
  'maxRestarts',
  'autostart',
  'relaunch',
  'schedule',
  'onPortConflict',
  'maxMemory',
  'maxProcesses',
  'stopSignal',
  'stopTimeoutMs',
]);

export interface ReloadPlan {
  added: ServiceSpec[];
  removed: string[];
  changed: Array<{ spec: ServiceSpec; restart: boolean }>;
}

export function planReload(current: ReadonlyMap<string, ServiceSpec>, next: readonly ServiceSpec[]): ReloadPlan {
  const names = new Set(next.map((spec) => spec.name));
  const plan: ReloadPlan = { added: [], removed: [...current.keys()].filter((name) => !names.has(name)), changed: [] };
  for (const spec of next) {
    const before = current.get(spec.name);
    if (!before) plan.added.push(spec);
    else if (!isDeepStrictEqual(before, spec)) plan.changed.push({ spec, restart: needsRestart(before, spec) });
  }
  return plan;
}

/** Whether the process must be restarted for the new definition to take effect. */
export function needsRestart(before: ServiceSpec, after: ServiceSpec): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as Array<keyof ServiceSpec>);
  return [...keys].some((key) => !LIVE_FIELDS.has(key) && !isDeepStrictEqual(before[key], after[key]));
}
