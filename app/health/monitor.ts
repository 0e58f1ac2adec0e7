/**
 * Watches one service's health: runs its check on an interval and turns N
 * failures in a row into `unhealthy`, one success into `healthy`.
 *
 * The start grace works like Docker's start period: checks run from the
 * first interval on, a success counts at once (the service shows healthy as
 * soon as it is, and the grace is over), failures do not count until the
 * grace is over. So a grace costs nothing to a service that comes up fast,
 * and a grace of 0 lets a slow starter be called unhealthy after
 * threshold × interval. One timer per monitor; the next check is scheduled
 * only when the previous one has finished, so two checks never overlap.
 */
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import type { HealthCheck } from '../config/schema.ts';
import type { HealthDetail } from '../api.ts';
import { runHealthCheck, type CheckOptions, type CheckResult } from './check.ts';
import { healthDetailOf } from './detail.ts';
import { realTimers, type Timers } from '../shared/timers.ts';

export type HealthVerdict = 'healthy' | 'unhealthy';

export interface HealthMonitorOptions extends CheckOptions {
  check: HealthCheck;
  /** Read at every check: a reassigned port is followed without a new monitor. */
  port: () => number | null;
  /** Called on every change of verdict (the first verdict included), never twice in a row with the same one. */
  onChange: (health: HealthVerdict, detail: string) => void;
  /** Called after every check, for status detail. */
  onResult?: (result: CheckResult) => void;
  timers?: Timers;
  /** The check runner; tests hand in a fake. */
  run?: (check: HealthCheck, port: number | null, options: CheckOptions) => Promise<CheckResult>;
}

export class HealthMonitor {
  #options: HealthMonitorOptions;
  #timers: Timers;
  #timer: unknown = null;
  /** Bumped by start/stop so a result from an earlier run is ignored. */
  #generation = 0;
  #inFlight: Promise<void> | null = null;
  #startedAt = 0;
  #failures = 0;
  #graceOver = false;
  #health: HealthVerdict | 'unknown' = 'unknown';
  #lastResult: CheckResult | null = null;
  #detail: HealthDetail | null = null;

  constructor(options: HealthMonitorOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
  }

  get health(): HealthVerdict | 'unknown' {
    return this.#health;
  }

  get lastResult(): CheckResult | null {
    return this.#lastResult;
  }

  /** The last check's findings for status; null before the first check of this run. */
  get detail(): HealthDetail | null {
    return this.#detail;
  }

  get running(): boolean {
    return this.#generation % 2 === 1;
  }

  /** Starts (or restarts, with a fresh grace and verdict) watching. */
  start(): void {
    if (this.running) this.stop();
    this.#generation += 1;
    this.#startedAt = this.#timers.now();
    this.#failures = 0;
    this.#graceOver = false;
    this.#health = 'unknown';
    this.#lastResult = null;
    this.#detail = null;
    // Like Docker, the first look comes one interval in: at once, a service is rarely listening yet.
    this.#schedule(this.#settings().intervalMs);
  }

  /** Stops watching; no timer is left, and a check still running is ignored when it ends. */
  stop(): void {
    if (!this.running) return;
    this.#generation += 1;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #settings() {
    const check = this.#options.check;
    return {
      intervalMs: check.intervalMs ?? HEALTH_DEFAULTS.intervalMs,
      startGraceMs: check.startGraceMs ?? HEALTH_DEFAULTS.startGraceMs,
      failureThreshold: check.failureThreshold ?? HEALTH_DEFAULTS.failureThreshold,
    };
  }

  #schedule(delayMs: number): void {
    const generation = this.#generation;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.#tick(generation);
    }, delayMs);
  }

  async #tick(generation: number): Promise<void> {
    // A check left over from before a restart finishes first: never two at once.
    while (this.#inFlight) await this.#inFlight;
    if (generation !== this.#generation) return;
    const began = this.#timers.now();
    const run = this.#options.run ?? runHealthCheck;
    const pending = run(this.#options.check, this.#options.port(), { cwd: this.#options.cwd, env: this.#options.env }).catch(
      (error: unknown): CheckResult => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }),
    );
    const mine = pending.then(() => undefined);
    this.#inFlight = mine;
    const result = await pending;
    if (this.#inFlight === mine) this.#inFlight = null;
    if (generation !== this.#generation) return;
    const elapsed = this.#timers.now() - began;
    this.#detail = healthDetailOf(result, Date.now(), elapsed);
    const changed = this.#record(result);
    // Schedule before telling anyone, so a callback that throws cannot stop the watching.
    this.#schedule(Math.max(0, this.#settings().intervalMs - elapsed));
    this.#options.onResult?.(result);
    if (changed) this.#options.onChange(changed, result.detail);
  }

  /** Updates the counters; returns the new verdict when it changed. */
  #record(result: CheckResult): HealthVerdict | null {
    this.#lastResult = result;
    const { startGraceMs, failureThreshold } = this.#settings();
    let verdict: HealthVerdict | null = null;
    if (result.ok) {
      this.#failures = 0;
      this.#graceOver = true;
      verdict = 'healthy';
    } else if (this.#graceOver || this.#timers.now() - this.#startedAt >= startGraceMs) {
      this.#graceOver = true;
      this.#failures += 1;
      if (this.#failures >= failureThreshold) verdict = 'unhealthy';
    }
    if (verdict === null || verdict === this.#health) return null;
    this.#health = verdict;
    return verdict;
  }
}
