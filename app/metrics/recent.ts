/**
 * The samples the engine took in the last ten minutes, per service, for the
 * window's sparklines. Only what was sampled anyway is kept (sampling runs
 * only while someone looks), so a window that reopens sees the stretch it
 * was shown before and a gap for the time it was hidden.
 */
import type { MetricsSample } from '../api.ts';

export const RECENT_WINDOW_MS = 10 * 60_000;
/** A hard bound whatever the pace: ten minutes at one sample a second. */
const MAX_PER_SERVICE = 600;

export class RecentUsage {
  private readonly samples = new Map<string, MetricsSample[]>();
  private readonly windowMs: number;

  constructor(windowMs = RECENT_WINDOW_MS) {
    this.windowMs = windowMs;
  }

  record(service: string, sample: MetricsSample): void {
    const list = this.samples.get(service) ?? [];
    const last = list[list.length - 1];
    if (last && sample.at <= last.at) return; // the same sample, answered twice
    list.push(sample);
    const cutoff = sample.at - this.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop]!.at < cutoff) drop += 1;
    drop = Math.max(drop, list.length - MAX_PER_SERVICE);
    if (drop > 0) list.splice(0, drop);
    this.samples.set(service, list);
  }

  /** Oldest first; only samples after `since` when given. */
  of(service: string, since = 0, now = Date.now()): MetricsSample[] {
    const cutoff = Math.max(since + 1, now - this.windowMs);
    return (this.samples.get(service) ?? []).filter((s) => s.at >= cutoff);
  }

  forget(service: string): void {
    this.samples.delete(service);
  }
}
