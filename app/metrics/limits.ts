/**
 * Each service's tree metrics for status, and the limits that act on them:
 * a service over `maxMemory` is restarted, one over `maxProcesses` is
 * flagged. Sampling runs only while someone looks, or while some service has
 * a limit to enforce.
 */
import type { ProcessEntry } from '../os/table.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { formatBytes } from '../shared/bytes.ts';
import { METRICS_INTERVAL_MS, MetricsSampler, type TreeUsage } from './sampler.ts';

/** How old a sample may be and still be shown while a new one is taken: a few sampling intervals. */
const SHOWN_WHILE_REFRESHED_MS = 5 * METRICS_INTERVAL_MS;

export interface LimitsContext {
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
  /** Something shown in the status changed without a state change (new figures). */
  touched(runner: ServiceRunner): void;
  /** Every sample taken, by root pid (the sparklines keep the last minutes). */
  sampled?(usage: Map<number, TreeUsage>, at: number): void;
  /** The copy scan's process table when it is recent: a status call then reads /proc once, not once for each. */
  recentTable?(): Promise<readonly ProcessEntry[]> | null;
}

export class MetricsWatch {
  private readonly ctx: LimitsContext;
  private readonly sampler: MetricsSampler;
  private usage = new Map<number, TreeUsage>();
  private usageAt = 0;
  private limitsHold: (() => void) | null = null;

  constructor(ctx: LimitsContext) {
    this.ctx = ctx;
    this.sampler = new MetricsSampler({
      roots: () => this.ctx.runners().flatMap((r) => (r.pid === null ? [] : [r.pid])),
      onSample: (usage) => this.sampled(usage),
      recentTable: () => this.ctx.recentTable?.() ?? null,
    });
  }

  of(runner: ServiceRunner): TreeUsage | null {
    return runner.pid === null ? null : (this.usage.get(runner.pid) ?? null);
  }

  /**
   * A status call's figures. A sample younger than the sampling interval is
   * used as it is. An older one is shown while a new one is taken in the
   * background: a new pid needs two readings 200 ms apart, and in a crash
   * loop nearly every call would meet one and wait. A call with nothing
   * recent to show (the first, or one after a quiet spell) waits.
   */
  async sampleIfStale(): Promise<void> {
    const age = Date.now() - this.usageAt;
    if (age < METRICS_INTERVAL_MS) return;
    const sampling = this.sampleNow();
    if (age > SHOWN_WHILE_REFRESHED_MS) await sampling;
    else void sampling.catch((error: Error) => this.ctx.notice('warn', `reading CPU and memory: ${error.message}`));
  }

  private async sampleNow(): Promise<void> {
    this.usage = await this.sampler.sampleNow();
    this.usageAt = Date.now();
    this.ctx.sampled?.(this.usage, this.usageAt);
    this.enforce();
  }

  hold(): () => void {
    return this.sampler.hold();
  }

  /** Services with limits need sampling whether or not anyone looks. */
  limitsChanged(): void {
    const needed = this.ctx.runners().some((r) => r.spec.maxMemory !== undefined || r.spec.maxProcesses !== undefined);
    if (needed && !this.limitsHold) this.limitsHold = this.sampler.hold();
    if (!needed && this.limitsHold) {
      this.limitsHold();
      this.limitsHold = null;
    }
  }

  private sampled(usage: Map<number, TreeUsage>): void {
    this.usage = usage;
    this.usageAt = Date.now();
    this.ctx.sampled?.(usage, this.usageAt);
    this.enforce();
    for (const runner of this.ctx.runners()) if (runner.pid !== null) this.ctx.touched(runner);
  }

  private enforce(): void {
    for (const runner of this.ctx.runners()) {
      const usage = this.of(runner);
      if (!usage || runner.state !== 'running') continue;
      const { maxMemory, maxProcesses } = runner.spec;
      if (maxMemory !== undefined && usage.memory > maxMemory) {
        void runner.restart(`restarted: memory ${formatBytes(usage.memory)} over the ${formatBytes(maxMemory)} limit`);
      } else if (maxProcesses !== undefined && usage.processes > maxProcesses) {
        if (runner.problem?.kind !== 'too-many-processes') {
          runner.raise(
            { kind: 'too-many-processes', processes: usage.processes, limit: maxProcesses },
            `${usage.processes} processes in its tree (limit ${maxProcesses}): it keeps forking`,
          );
          this.ctx.notice('warn', `${runner.name}: ${usage.processes} processes (limit ${maxProcesses})`, runner.name);
        }
      } else {
        runner.clearProblem('too-many-processes');
      }
    }
  }

  close(): void {
    this.sampler.close();
  }
}
