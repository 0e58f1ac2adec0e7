/**
 * Since when each service has been down — backoff, failed or blocked —
 * without being up in between: a crash loop that keeps starting is "down
 * 2 m", not "down 0 s" after every failed start.
 */
import type { Health, ServiceState } from '../api.ts';
import { toneOf } from '../shared/tone.ts';

export class DownSince {
  private readonly since = new Map<string, number>();

  changed(service: string, state: ServiceState, health: Health, at: number): void {
    const tone = toneOf(state, health);
    if (tone === 'down') {
      if (!this.since.has(service)) this.since.set(service, at);
    } else if (tone === 'up' || tone === 'idle') {
      this.since.delete(service);
    }
  }

  of(service: string): number | null {
    return this.since.get(service) ?? null;
  }

  forget(service: string): void {
    this.since.delete(service);
  }
}
