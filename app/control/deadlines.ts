/**
 * How long the CLI waits for the engine's answer, per method, so a stuck
 * engine never hangs `upkeep status`: reads get a few seconds; a call that
 * may stop a service gets that service's stop timeout, the SIGKILL rounds
 * after it and the start that follows; a follow (`logs -f`, events) has no
 * deadline at all.
 */
import { STOP_DEFAULTS } from '../config/defaults.ts';
import type { MethodName } from '../shared/methods.ts';

export const READ_DEADLINE_MS = 5_000;
/** After the stop timeout: SIGKILL rounds (up to 3 s), the start and its preflight. */
export const STOP_MARGIN_MS = 10_000;

const READS: readonly MethodName[] = ['list', 'logs', 'history', 'getSettings'];
const FOLLOWS: readonly MethodName[] = ['subscribe'];

/** Milliseconds to wait for the reply, or null for no deadline. */
export function deadlineFor(method: MethodName, stopTimeoutMs: number = STOP_DEFAULTS.timeoutMs): number | null {
  if (FOLLOWS.includes(method)) return null;
  if (READS.includes(method)) return READ_DEADLINE_MS;
  return stopTimeoutMs + STOP_MARGIN_MS;
}
