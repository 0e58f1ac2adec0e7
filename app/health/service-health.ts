/**
 * Health checks wired to runners: a monitor per running service that has a
 * check, its verdicts handed to the runner, and a restart when a service
 * stays unhealthy and its policy says so.
 */
import type { HealthDetail } from '../api.ts';
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { HealthMonitor, type HealthVerdict } from './monitor.ts';

export interface ServiceHealthContext {
  /** What status shows changed without a state change (the last check's detail). */
  touched(runner: ServiceRunner): void;
}

export class ServiceHealth {
  private readonly ctx: ServiceHealthContext;
  private readonly monitors = new Map<string, HealthMonitor>();
  /** The last check's findings, kept past the run's end so a restart for being unhealthy still shows why. */
  private readonly details = new Map<string, HealthDetail>();

  constructor(ctx: ServiceHealthContext) {
    this.ctx = ctx;
  }

  /** The process runs (started or adopted): watch it, with a fresh grace and verdict. */
  running(runner: ServiceRunner): void {
    this.monitors.get(runner.name)?.stop();
    const check = runner.spec.health;
    this.details.delete(runner.name);
    if (!check) return;
    const monitor = new HealthMonitor({
      check,
      port: () => runner.port,
      cwd: runner.cwd,
      onChange: (health, detail) => this.changed(runner, health, detail),
      onResult: () => this.checked(runner, monitor),
    });
    this.monitors.set(runner.name, monitor);
    monitor.start();
  }

  /** The process ended or is being stopped: no verdict may land on it. */
  ended(runner: ServiceRunner): void {
    this.monitors.get(runner.name)?.stop();
    this.monitors.delete(runner.name);
  }

  /** Null before the first check of the current run, and for a service without a check. */
  detailOf(runner: ServiceRunner): HealthDetail | null {
    return this.details.get(runner.name) ?? null;
  }

  /** The service is gone from the config. */
  forget(name: string): void {
    this.details.delete(name);
  }

  private checked(runner: ServiceRunner, monitor: HealthMonitor): void {
    const detail = monitor.detail;
    if (!detail || this.monitors.get(runner.name) !== monitor) return;
    const before = this.details.get(runner.name);
    this.details.set(runner.name, detail);
    // Tell the window only when what it shows changes, not on every passing check.
    if (before && before.ok === detail.ok && before.summary === detail.summary) return;
    // Still unhealthy, for another reason now (it was refusing connections; now a component is down).
    if (runner.health === 'unhealthy' && !detail.ok && before && !before.ok) runner.note(`unhealthy: ${detail.summary}`, 'health');
    else this.ctx.touched(runner);
  }

  private changed(runner: ServiceRunner, health: HealthVerdict, detail: string): void {
    if (runner.state !== 'running' && runner.state !== 'starting') return;
    runner.setHealth(health, detail);
    const check = runner.spec.health;
    const restartByDefault = check?.kind === 'http' || check?.kind === 'tcp';
    if (health === 'unhealthy' && (runner.spec.restartOnUnhealthy ?? restartByDefault) && runner.pid !== null) {
      const threshold = check?.failureThreshold ?? HEALTH_DEFAULTS.failureThreshold;
      void runner.restart(`restarted: unhealthy (${detail}; ${threshold} failed checks in a row)`);
    }
  }

  close(): void {
    for (const monitor of this.monitors.values()) monitor.stop();
    this.monitors.clear();
  }
}
