/**
 * Upkeep through its real CLI, as a user runs it: `upkeep daemon` in a temp
 * UPKEEP_HOME (the daemon's pid is the one measured), `upkeep add`,
 * `upkeep status --json`, `upkeep stop all`.
 */
import path from 'node:path';
import { DaemonProcess } from '../lib/daemon-process.ts';
import { runChecked, runCommand } from '../lib/command.ts';
import { tempDir } from '../lib/temp.ts';
import { waitFor } from '../lib/wait.ts';
import { ListingSupervisor, type Listed } from './listing.ts';
import type { ServiceDef, Supervisor } from './types.ts';

let cliPath = path.resolve('dist/cli.mjs');
/** The bundle to run (main points this at its private copy of the build). */
export function useUpkeepCli(file: string): void {
  cliPath = file;
}
/** Adds go to the engine over its socket, which serialises them; a few at a time just overlap CLI start-up. */
const ADD_CONCURRENCY = 4;

export class Upkeep extends ListingSupervisor implements Supervisor {
  readonly id = 'upkeep' as const;
  private readonly home = tempDir('up');
  private readonly env: NodeJS.ProcessEnv = { ...process.env, UPKEEP_HOME: this.home, NO_COLOR: '1' };
  private daemon: DaemonProcess | null = null;

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

  async stopService(name: string): Promise<void> {
    await this.cli(['stop', name]);
  }

  protected async listServices(): Promise<{ ms: number; services: Listed[] }> {
    const result = await this.cli(['status', '--json']);
    return { ms: result.ms, services: JSON.parse(result.stdout) as Listed[] };
  }

  logPath(name: string): string {
    return path.join(this.home, 'logs', `${name}.log`);
  }

  close(): Promise<void> {
    const daemon = this.daemon;
    return this.closeDaemon(daemon, async () => {
      // The daemon leaves services running when it ends (by design): stop them first.
      await this.cli(['stop', 'all'], 120_000).catch(() => undefined);
      await daemon?.stop(30_000);
    });
  }
}

function addArgs(service: ServiceDef): string[] {
  const args = ['add', service.name];
  if (service.port !== undefined) args.push('--port', String(service.port));
  for (const [key, value] of Object.entries(service.env ?? {})) args.push('--env', `${key}=${value}`);
  if (service.autostart === false) args.push('--no-autostart');
  if (service.health) args.push('--health', `http://127.0.0.1:${service.port}${service.health.path}`, '--health-interval', `${service.health.everyMs}ms`);
  return [...args, '--', ...service.command];
}
