/**
 * What the three supervisors share once their status command is parsed: the
 * timed status, a service's state, and the pids seen (for the last-resort
 * cleanup). Each supervisor only says how to list and how to shut down.
 */
import type { DaemonProcess } from '../lib/daemon-process.ts';
import { isBenchService, killLeftovers } from '../lib/leftovers.ts';

export interface Listed {
  name: string;
  state: string;
  pid: number | null;
}

export abstract class ListingSupervisor {
  protected readonly servicePids = new Set<number>();

  /** Runs the supervisor's own status command once. */
  protected abstract listServices(): Promise<{ ms: number; services: Listed[] }>;

  protected async list(): Promise<{ ms: number; services: Listed[] }> {
    const listing = await this.listServices();
    for (const service of listing.services) if (service.pid) this.servicePids.add(service.pid);
    return listing;
  }

  async status(): Promise<{ ms: number; count: number }> {
    const { ms, services } = await this.list();
    return { ms, count: services.length };
  }

  async state(name: string): Promise<string> {
    const { services } = await this.list();
    return services.find((service) => service.name === name)?.state ?? 'absent';
  }

  /** A daemon the bench started: its own shutdown first, then its pid, then any service it left. */
  protected async closeDaemon(daemon: DaemonProcess | null, shutdown: () => Promise<unknown>): Promise<void> {
    if (!daemon) return;
    if (daemon.running) {
      await this.list().catch(() => undefined); // the pids to check afterwards
      await shutdown().catch(() => undefined);
      if (!(await daemon.waitExit(60_000))) await daemon.stop(5_000);
    }
    await killLeftovers(this.servicePids, isBenchService);
  }
}
