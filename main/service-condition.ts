/**
 * How the shell reads a service's status: what a person would call it (up,
 * down, crash loop, busy, off) and the few words that say why. The tray, its
 * tooltip and the notifications all use this, so they never disagree.
 */
import type { ServiceStatus } from '../app/api.ts';

/**
 * `ok`: running (not unhealthy) or waiting — an idle executor that exited
 * cleanly is not down. `busy`: starting, stopping or unhealthy (yellow).
 * `down`: should run and does not (backoff, blocked). `crash-loop`: failed.
 * `off`: stopped.
 */
export type Condition = 'ok' | 'busy' | 'down' | 'crash-loop' | 'off';

export function conditionOf(status: ServiceStatus): Condition {
  switch (status.state) {
    case 'running':
      return status.health === 'unhealthy' ? 'busy' : 'ok';
    case 'waiting':
      return 'ok';
    case 'starting':
    case 'stopping':
      return 'busy';
    case 'backoff':
    case 'blocked':
      return 'down';
    case 'failed':
      return 'crash-loop';
    case 'stopped':
      return 'off';
  }
}

/** Why a service is in trouble, short enough for a tooltip: "port 5555 taken". */
export function troubleText(status: ServiceStatus): string {
  const problem = status.problem;
  if (problem?.kind === 'port-conflict') return `port ${problem.port} taken`;
  if (problem?.kind === 'too-many-processes') return `${problem.processes} processes (limit ${problem.limit})`;
  if (problem && 'message' in problem) return problem.message;
  if (status.state === 'running' && status.health === 'unhealthy') return 'unhealthy';
  return status.reason;
}

/** One word or two for a menu or a notification: "running", "crash loop", "down". */
export function stateLabel(status: ServiceStatus): string {
  switch (conditionOf(status)) {
    case 'crash-loop':
      return 'crash loop';
    case 'down':
      return status.state === 'blocked' ? 'blocked' : 'down';
    case 'busy':
      return status.state === 'running' ? 'unhealthy' : status.state;
    case 'ok':
      return status.state;
    case 'off':
      return 'stopped';
  }
}
