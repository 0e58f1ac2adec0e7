/**
 * The colour family of a service state, and the aggregate of all of them: the
 * same rules as the tray (app/engine/aggregate.ts), restated because the
 * renderer may import only types from app/.
 */
import type { Aggregate, Health, ServiceState, ServiceStatus } from '../../../app/api.ts';

export type Tone = 'up' | 'degraded' | 'down' | 'idle';

export function toneOf(state: ServiceState, health: Health): Tone {
  switch (state) {
    case 'failed':
    case 'blocked':
    case 'backoff':
      return 'down';
    case 'starting':
    case 'stopping':
      return 'degraded';
    case 'running':
      return health === 'unhealthy' ? 'degraded' : 'up';
    case 'waiting':
      return 'up';
    case 'stopped':
      return 'idle';
  }
}

export function aggregateOf(services: Array<Pick<ServiceStatus, 'state' | 'health'>>): Aggregate {
  const tones = new Set(services.map((s) => toneOf(s.state, s.health)));
  if (tones.has('down')) return 'down';
  if (tones.has('degraded')) return 'degraded';
  if (tones.has('up')) return 'up';
  return 'idle';
}

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
