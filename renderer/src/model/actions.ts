/** Which per-service actions make sense in which state, so buttons are disabled when they would do nothing. */
import type { ServiceStatus } from '../../../app/api.ts';

export type ServiceAction = 'start' | 'stop' | 'restart' | 'restore';

export function canRun(action: ServiceAction, s: ServiceStatus): boolean {
  switch (action) {
    case 'start':
      return s.state === 'stopped' || s.state === 'failed' || s.state === 'blocked' || s.state === 'backoff' || s.state === 'waiting';
    case 'stop':
      return s.state !== 'stopped' && s.state !== 'stopping';
    case 'restart':
      return s.state !== 'stopped' && s.state !== 'stopping';
    case 'restore':
      return needsRestore(s);
  }
}

/** Something Restore would fix: a crash loop, a blocked port, an unhealthy run, stray copies. */
export function needsRestore(s: ServiceStatus): boolean {
  return (
    s.state === 'failed' ||
    s.state === 'backoff' ||
    s.state === 'blocked' ||
    (s.state === 'running' && s.health === 'unhealthy') ||
    // A log or config problem is not something restarting fixes.
    (s.problem !== null && s.problem.kind !== 'log' && s.problem.kind !== 'config') ||
    s.duplicates.length > 0
  );
}

export const ACTION_WORDS: Record<ServiceAction, { label: string; pending: string }> = {
  start: { label: 'Start', pending: 'Starting…' },
  stop: { label: 'Stop', pending: 'Stopping…' },
  restart: { label: 'Restart', pending: 'Restarting…' },
  restore: { label: 'Restore', pending: 'Restoring…' },
};
