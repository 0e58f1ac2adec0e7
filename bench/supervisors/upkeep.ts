/**
 * Upkeep through its real CLI, as a user runs it: `upkeep daemon` in a temp
 * UPKEEP_HOME (the daemon's pid is the one measured), `upkeep add`,
 * `upkeep status --json`, `upkeep stop all`.
 */
import path from 'node:path';
import { DaemonProcess } from '../lib/daemon-process.ts';
import { runChecked, runCommand } from '../lib/command.ts';
import { isBenchService, killLeftovers } from '../lib/leftovers.ts';
import { tempDir } from '../lib/temp.ts';
import { waitFor } from '../lib/wait.ts';
import type { ServiceDef, Supervisor } from './types.ts';

let cliPath = path.resolve('dist/cli.mjs');
/** The bundle to run (main points this at its private copy of the build). */
export function useUpkeepCli(file: string): void {
  cliPath = file;
}
/** Adds go to the engine over its socket, which serialises them; a few at a time just overlap CLI start-up. */
const ADD_CONCURRENCY = 4;

interface UpkeepStatus {
  name: string;
  state: string;
  pid: number | null;
}

export class Upkeep implements Supervisor {
  readonly id = 'upkeep' as const;
  private readonly home = tempDir('up');
  private readonly env: NodeJS.ProcessEnv = { ...process.env, UPKEEP_HOME: this.home, NO_COLOR: '1' };
  private daemon: DaemonProcess | null = null;
  private readonly servicePids = new Set<number>();

  get pid(): number {
    return this.daemon?.pid ?? 0;
  }

  async start(services: ServiceDef[]): Promise<void> {
    this.daemon = new DaemonProcess(process.execPath, [cliPath, 'daemon'], this.env, path.join(this.home, 'daemon.out'));
    await waitFor(
      'the Upkeep engine',
      async () => {
        if (!this.daemon?.running) throw new Error(`upkeep daemon exited; see ${path.join(this.home, 'daemon.out')}`);
        const result = await runCommand(process.execPath, [cliPath, 'status', '--json'], { env: this.env });
        return result.code === 0 && !result.stderr.includes('no engine') ? true : undefined;
      },
      30_000,
      50,
    );
    const queue = [...services];
    const worker = async (): Promise<void> => {
      for (let service = queue.shift(); service; service = queue.shift()) await this.cli(addArgs(service));
    };
    await Promise.all(Array.from({ length: ADD_CONCURRENCY }, worker));
  }

  private cli(args: string[], timeoutMs = 60_000) {
    return runChecked(process.execPath, [cliPath, ...args], { env: this.env, timeoutMs });
  }

  async startService(name: string): Promise<void> {
    await this.cli(['start', name]);
  }

  private async list(): Promise<{ ms: number; services: UpkeepStatus[] }> {
    const result = await this.cli(['status', '--json']);
    const services = JSON.parse(result.stdout) as UpkeepStatus[];
    for (const service of services) if (service.pid) this.servicePids.add(service.pid);
    return { ms: result.ms, services };
  }

  async status(): Promise<{ ms: number; count: number }> {
    const { ms, services } = await this.list();
    return { ms, count: services.length };
  }

  async state(name: string): Promise<string> {
    const { services } = await this.list();
    return services.find((service) => service.name === name)?.state ?? 'absent';
  }

  logPath(name: string): string {
    return path.join(this.home, 'logs', `${name}.log`);
  }

  async close(): Promise<void> {
    const daemon = this.daemon;
    if (!daemon) return;
    if (daemon.running) {
      await this.list().catch(() => undefined);
      // The daemon leaves services running when it ends (by design): stop them first.
      await this.cli(['stop', 'all'], 120_000).catch(() => undefined);
      await daemon.stop(30_000);
    }
    await killLeftovers(this.servicePids, isBenchService);
  }
}

function addArgs(service: ServiceDef): string[] {
  const args = ['add', service.name];
  if (service.port !== undefined) args.push('--port', String(service.port));
  for (const [key, value] of Object.entries(service.env ?? {})) args.push('--env', `${key}=${value}`);
  if (service.autostart === false) args.push('--no-autostart');
  return [...args, '--', ...service.command];
}
