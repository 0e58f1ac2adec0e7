/**
 * Samples the services' process trees only while someone looks: a client
 * that subscribed holds the sampler (`hold()` returns the release), and the
 * timer runs only while at least one hold is out. A status call without a
 * hold uses `sampleNow()`.
 */
import { realTimers, type Timers } from '../shared/timers.ts';
import type { ProcessEntry } from '../os/table.ts';
import { forgetUsageHistory, sampleTrees, type TreeUsage } from './sample.ts';

export type { TreeUsage };

/** Every 2 s while held: often enough for a live view, cheap enough to leave open (one /proc pass). */
export const METRICS_INTERVAL_MS = 2_000;

export interface MetricsSamplerOptions {
  /** The root pid of each running service, read at every sample. */
  roots: () => number[];
  /** Called with each interval sample while held. */
  onSample: (usage: Map<number, TreeUsage>) => void;
  intervalMs?: number;
  timers?: Timers;
  /** The sampling itself; tests hand in a fake. */
  sample?: (roots: number[]) => Promise<Map<number, TreeUsage>>;
  /** A process table someone just read (or is reading), to use instead of reading /proc again; null when there is none. */
  recentTable?: () => Promise<readonly ProcessEntry[]> | null;
}

export class MetricsSampler {
  #options: MetricsSamplerOptions;
  #timers: Timers;
  #intervalMs: number;
  #holds = 0;
  #timer: unknown = null;
  #inFlight: Promise<Map<number, TreeUsage>> | null = null;
  #latest: { at: number; usage: Map<number, TreeUsage> } | null = null;

  constructor(options: MetricsSamplerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#intervalMs = options.intervalMs ?? METRICS_INTERVAL_MS;
  }

  get holds(): number {
    return this.#holds;
  }

  /** The last sample, if any. */
  get latest(): Map<number, TreeUsage> | null {
    return this.#latest?.usage ?? null;
  }

  /** Keeps sampling on until the returned function is called (calling it twice releases once). */
  hold(): () => void {
    this.#holds += 1;
    if (this.#holds === 1) this.#schedule(0);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      if (this.#holds === 0) this.#idle();
    };
  }

  /** One sample now; while held, a sample younger than the interval is answered from memory. */
  sampleNow(): Promise<Map<number, TreeUsage>> {
    if (!this.#inFlight && this.#holds > 0 && this.#latest && this.#timers.now() - this.#latest.at < this.#intervalMs) {
      return Promise.resolve(this.#latest.usage);
    }
    return this.#fetch();
  }

  #fetch(): Promise<Map<number, TreeUsage>> {
    if (this.#inFlight) return this.#inFlight;
    const sample = this.#options.sample ?? ((roots: number[]) => sampleTrees(roots, { recent: this.#options.recentTable?.() }));
    const pending = sample(this.#options.roots()).then(
      (usage) => {
        this.#latest = { at: this.#timers.now(), usage };
        return usage;
      },
      () => new Map<number, TreeUsage>(), // a failed sample shows as no figures, not as an error
    );
    this.#inFlight = pending;
    void pending.finally(() => {
      if (this.#inFlight === pending) this.#inFlight = null;
    });
    return pending;
  }

  /** Stops the timer whatever the holds (engine shutdown). */
  close(): void {
    this.#holds = 0;
    this.#idle();
  }

  #schedule(delayMs: number): void {
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.#tick();
    }, delayMs);
  }

  async #tick(): Promise<void> {
    const usage = await this.#fetch();
    if (this.#holds === 0 || this.#timer !== null) return;
    this.#schedule(this.#intervalMs);
    this.#options.onSample(usage);
  }

  #idle(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#options.sample) forgetUsageHistory();
  }
}
