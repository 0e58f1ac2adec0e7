/**
 * How the shell reads a service's status: what a person would call it and
 * the few words that say why. Built on the engine's own tone (app/shared/
 * tone.ts) so the tray icon, its menu, the tooltip and the notifications
 * never disagree with `upkeep status`.
 */
import type { ServiceStatus } from '../app/api.ts';
import { formatAge } from '../app/shared/duration.ts';
import { toneOf } from '../app/shared/tone.ts';
import { stateText } from '../app/shared/waiting-text.ts';
import { supervisorText } from '../app/shared/port-owner.ts';
import { describeRival } from '../app/shared/rival-text.ts';

/**
 * `ok`: running (not unhealthy) or waiting — an idle executor is not down.
 * `busy`: starting, stopping or unhealthy. `down`: should run and does not
 * (backoff, blocked). `failed`: stopped retrying or crash-looping. `off`: stopped.
 */
export type Condition = 'ok' | 'busy' | 'down' | 'failed' | 'off';

export function conditionOf(status: ServiceStatus): Condition {
  switch (toneOf(status.state, status.health)) {
    case 'down':
      return status.state === 'failed' ? 'failed' : 'down';
    case 'degraded':
      return 'busy';
    case 'up':
      return 'ok';
    case 'idle':
      return 'off';
  }
}

export const isDown = (status: ServiceStatus): boolean => ['down', 'failed'].includes(conditionOf(status));

/** Why a service is in trouble, short enough for a tooltip: "port 5555 taken". */
export function troubleText(status: ServiceStatus): string {
  const problem = status.problem;
  if (problem?.kind === 'port-conflict' && problem.owner?.class === 'supervised') return `port ${problem.port} held by ${supervisorText(problem.owner)}`;
  if (problem?.kind === 'port-conflict') return `port ${problem.port} taken`;
  if (problem?.kind === 'rival') return describeRival(problem.finding);
  if (problem?.kind === 'too-many-processes') return `${problem.processes} processes (limit ${problem.limit})`;
  if (problem && 'message' in problem) return problem.message;
  if (status.state === 'running' && status.health === 'unhealthy') return 'unhealthy';
  return status.reason;
}

/** One word or two for a menu: "running", "unhealthy", "blocked". */
export function stateLabel(status: ServiceStatus): string {
  if (status.state === 'running' && status.health === 'unhealthy') return 'unhealthy';
  if (status.state === 'backoff') return 'down';
  return stateText(status);
}

/**
 * "up 3 h" or "down 2 m" at a glance; empty for a service that is neither
 * (stopped, starting). `elapsedMs` is how old the status is: its uptime was
 * measured when it was sent.
 */
export function sinceText(status: ServiceStatus, now: number, elapsedMs = 0): string {
  if (status.downSince !== null) return `down ${formatAge(now - status.downSince)}`;
  if (conditionOf(status) === 'ok' && status.uptimeMs !== null) return `up ${formatAge(status.uptimeMs + elapsedMs)}`;
  return '';
}
