/**
 * Everything the engine does around a service's process rather than to it:
 * the port check before a start, health monitoring, duplicates, metrics,
 * reassignment and restore (issue #3). The runner calls in through
 * preflight / running / ended.
 */
import { ApiError, type Params, type Problem } from '../api.ts';
import type { ServiceSpec } from '../config/schema.ts';
import type { DataPaths } from '../paths.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';

export interface ChecksContext {
  paths: DataPaths;
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
}

export interface TreeMetrics {
  cpu: number;
  memory: number;
  processes: number;
}

export class ServiceChecks {
  private readonly ctx: ChecksContext;

  constructor(ctx: ChecksContext) {
    this.ctx = ctx;
  }

  async preflight(_runner: ServiceRunner): Promise<Problem | null> {
    return null;
  }

  running(_runner: ServiceRunner): void {}

  ended(_runner: ServiceRunner): void {}

  metricsOf(_runner: ServiceRunner): TreeMetrics | null {
    return null;
  }

  duplicatesOf(_runner: ServiceRunner): Array<{ pid: number; command: string }> {
    return [];
  }

  async refreshDuplicates(): Promise<void> {}

  async sampleNow(): Promise<void> {}

  holdMetrics(): () => void {
    return () => undefined;
  }

  async restore(runners: ServiceRunner[]): Promise<string[]> {
    const steps: string[] = [];
    for (const runner of runners) {
      runner.resetBackoff();
      if (runner.pid === null) {
        await runner.start('restored by user');
        steps.push(`${runner.name}: ${runner.reason}`);
      } else {
        steps.push(`${runner.name}: running (pid ${runner.pid}); nothing to do`);
      }
    }
    return steps;
  }

  async setPort(_runner: ServiceRunner, _params: Params<'setPort'>, _save: (spec: ServiceSpec) => void): Promise<string[]> {
    throw new ApiError('unavailable', 'port reassignment is not available yet');
  }

  async stopPortOwner(_runner: ServiceRunner): Promise<string[]> {
    throw new ApiError('unavailable', 'not available yet');
  }

  close(): void {}
}
