/**
 * Health checks wired to runners: a monitor per running service that has a
 * check, its verdicts handed to the runner, and a restart when a service
 * stays unhealthy and its policy says so.
 */
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { HealthMonitor, type HealthVerdict } from './monitor.ts';

export class ServiceHealth {
  private readonly monitors = new Map<string, HealthMonitor>();

  /** The process runs (started or adopted): watch it, with a fresh grace and verdict. */
  running(runner: ServiceRunner): void {
    this.monitors.get(runner.name)?.stop();
    const check = runner.spec.health;
    if (!check) return;
    const monitor = new HealthMonitor({
      check,
      port: () => runner.port,
      cwd: runner.cwd,
      onChange: (health, detail) => this.changed(runner, health, detail),
    });
    this.monitors.set(runner.name, monitor);
    monitor.start();
  }

  /** The process ended or is being stopped: no verdict may land on it. */
  ended(runner: ServiceRunner): void {
    this.monitors.get(runner.name)?.stop();
    this.monitors.delete(runner.name);
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
