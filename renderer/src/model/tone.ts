/**
 * The words the window shows for states and the aggregate. The colour rules
 * themselves come from app/shared/tone.ts — the very ones the tray and the
 * CLI use.
 */
import type { Aggregate, ServiceState, ServiceStatus } from '../../../app/api.ts';

export { toneOf, aggregateOf, type Tone } from '../../../app/shared/tone.ts';

export const AGGREGATE_WORDS: Record<Aggregate, string> = {
  up: 'All up',
  degraded: 'Degraded',
  down: 'Down',
  idle: 'Idle',
};

export const STATE_WORDS: Record<ServiceState, string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  waiting: 'Waiting',
  backoff: 'Restarting',
  failed: 'Failed',
  blocked: 'Blocked',
  stopping: 'Stopping',
};

/** The word shown next to the dot: a running service with a failing check says so. */
export function stateWord(status: Pick<ServiceStatus, 'state' | 'health'>): string {
  if (status.state === 'running' && status.health === 'unhealthy') return 'Unhealthy';
  return STATE_WORDS[status.state];
}
