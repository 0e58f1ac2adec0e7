/**
 * Every state change a runner can make, in one table: the event, the states
 * it may happen in, and the states it may lead to (where there is a choice,
 * the restart policy or the health check picks). The runner changes state
 * only through `checkTransition`, so a move the table does not allow is a bug
 * that fails loudly instead of a status that quietly lies.
 */
import type { ServiceState } from '../api.ts';

interface Row {
  from: readonly ServiceState[];
  to: readonly ServiceState[];
  /** Why the event exists, for a reader of the table. */
  means: string;
}

export const TRANSITIONS = {
  launch: { from: ['stopped', 'waiting', 'backoff', 'failed', 'blocked'], to: ['starting'], means: 'a start begins: preflight, then spawn' },
  blocked: { from: ['starting'], to: ['blocked'], means: 'the preflight found the port taken' },
  'bad-plan': { from: ['starting'], to: ['failed'], means: 'the definition cannot be turned into a launch (env file, venv)' },
  'spawn-failed': { from: ['starting'], to: ['backoff', 'failed', 'stopped'], means: 'no process came up (ENOENT, EACCES): a crash of zero uptime' },
  spawned: { from: ['starting'], to: ['starting', 'running'], means: 'the process runs; with a health check it is starting until the first verdict' },
  armed: { from: ['stopped'], to: ['waiting'], means: 'a scheduled service waits for its first time (autostart arms the schedule)' },
  adopted: { from: ['stopped'], to: ['starting', 'running'], means: 'a process an earlier engine started is watched again' },
  verdict: { from: ['starting'], to: ['running'], means: 'the first health verdict, healthy or not' },
  exited: { from: ['starting', 'running'], to: ['waiting', 'backoff', 'failed', 'stopped'], means: 'the process ended on its own; the restart policy decides' },
  stopping: { from: ['starting', 'running'], to: ['stopping'], means: 'a stop signals the run' },
  stopped: { from: ['stopping', 'waiting', 'backoff', 'failed', 'blocked', 'starting'], to: ['stopped'], means: 'nothing of the run is left' },
} as const satisfies Record<string, Row>;

export type RunnerEvent = keyof typeof TRANSITIONS;
export type TargetOf<E extends RunnerEvent> = (typeof TRANSITIONS)[E]['to'][number];

export class IllegalTransition extends Error {}

export function checkTransition(event: RunnerEvent, from: ServiceState, to: ServiceState): void {
  const row: Row = TRANSITIONS[event];
  if (!row.from.includes(from) || !row.to.includes(to)) {
    throw new IllegalTransition(`${event}: ${from} → ${to} is not in the transition table`);
  }
}
