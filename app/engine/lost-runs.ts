/**
 * A run of ours that no runner owns is stopped: one copy of a service runs
 * under Upkeep, never two. Such a run is found by its tags after start-up:
 * an engine killed in the middle of a spawn leaves a child that execs (and
 * takes its tags) only after the next engine looked, which then starts the
 * service a second time. It is stopped like any run of the service (its stop
 * signal and timeout, the whole group and every tagged member), never by
 * name, and the stop is said in a notice.
 */
import { stopPolicyOf } from '../config/defaults.ts';
import { stopRun, type StopTarget } from '../runs/stop-run.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';

export interface LostRunsContext {
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
  /** The service's status changed (its copies): tell clients. */
  touched(runner: ServiceRunner): void;
}

export class LostRuns {
  private readonly ctx: LostRunsContext;
  /** Pids being stopped: a scan during the stop finds them again. */
  private readonly stopping = new Set<number>();

  constructor(ctx: LostRunsContext) {
    this.ctx = ctx;
  }

  stop(runner: ServiceRunner, run: StopTarget): void {
    if (this.stopping.has(run.pid)) return;
    this.stopping.add(run.pid);
    void this.stopNow(runner, run).finally(() => {
      this.stopping.delete(run.pid);
      this.ctx.touched(runner);
    });
  }

  private async stopNow(runner: ServiceRunner, run: StopTarget): Promise<void> {
    const what = `${runner.name}: pid ${run.pid} ran the service outside any run of this engine (an earlier engine or an ended run left it)`;
    try {
      const { signal, timeoutMs } = stopPolicyOf(runner.spec);
      const { killed } = await stopRun(run, signal, timeoutMs);
      const forced = killed.length > 0 ? ` (SIGKILL after ${timeoutMs} ms: ${killed.join(', ')})` : '';
      this.ctx.notice('warn', `${what}; stopped it${forced}`, runner.name);
    } catch (error) {
      this.ctx.notice('warn', `${what}; stopping it failed: ${(error as Error).message}`, runner.name);
    }
  }
}
