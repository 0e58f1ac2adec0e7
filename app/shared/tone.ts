/**
 * One word for all services, the tray's colour: down (red) if anything that
 * should run does not, degraded (yellow) while something starts, stops or is
 * unhealthy, up (green) when what should run runs, idle (grey) when nothing does.
 * A service the user stopped is not "down"; a waiting executor is not either.
 */
import type { Aggregate, ServiceState, Health } from '../api.ts';
// (app/shared/: no node, no zod — the renderer, the preload and the CLI client load this at runtime.)

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

export function aggregateOf(services: Array<{ state: ServiceState; health: Health }>): Aggregate {
  const tones = new Set(services.map((s) => toneOf(s.state, s.health)));
  if (tones.has('down')) return 'down';
  if (tones.has('degraded')) return 'degraded';
  if (tones.has('up')) return 'up';
  return 'idle';
}
