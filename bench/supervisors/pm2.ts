/**
 * PM2 as people run it, with its home in a temp dir: an ecosystem file,
 * `pm2 start`, `pm2 jlist`, `pm2 kill`. The God daemon is the process measured.
 * Services run as plain argv (interpreter "none"), the same command the other
 * supervisors run — PM2's own fork wrapper would only add to its start time.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { runChecked, runCommand } from '../lib/command.ts';
import { isBenchService, killLeftovers } from '../lib/leftovers.ts';
import { serviceEnv } from '../lib/services.ts';
import { tempDir } from '../lib/temp.ts';
import { waitFor } from '../lib/wait.ts';
import { ListingSupervisor, type Listed } from './listing.ts';
import type { ServiceDef, Supervisor } from './types.ts';

const PM2_BIN = path.resolve('node_modules/.bin/pm2');

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env?: { status?: string };
}

export class Pm2 extends ListingSupervisor implements Supervisor {
  readonly id = 'pm2' as const;
  pid = 0;
  private readonly home = tempDir('pm2');
  private readonly env: NodeJS.ProcessEnv = {
    ...process.env,
    PM2_HOME: this.home,
    // No calls to version.pm2.io (first-run banner, daily check): loopback only.
    PM2_DISCRETE_MODE: '1',
    PM2_DISABLE_VERSION_CHECK: '1',
  };
  private services = new Map<string, ServiceDef>();

  static available(): boolean {
    return existsSync(PM2_BIN);
  }

  async start(services: ServiceDef[]): Promise<void> {
    mkdirSync(path.join(this.home, 'logs'), { recursive: true });
    writeFileSync(path.join(this.home, 'touch'), String(Date.now()));
    for (const service of services) this.services.set(service.name, service);
    const first = services.filter((service) => service.autostart !== false);
    // `pm2 ping` boots the daemon alone, for runs whose services all start later.
    await this.pm2(first.length > 0 ? ['start', this.ecosystem('all', first)] : ['ping'], 120_000);
    this.pid = await waitFor('PM2 pid file', () => this.readPid(), 10_000);
  }

  private readPid(): number | undefined {
    try {
      const pid = Number(readFileSync(path.join(this.home, 'pm2.pid'), 'utf8'));
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private ecosystem(tag: string, services: ServiceDef[]): string {
    const apps = services.map((service) => ({
      name: service.name,
      script: service.command[0],
      args: service.command.slice(1),
      interpreter: 'none',
      env: serviceEnv(service),
      autorestart: true,
      merge_logs: true,
      out_file: this.logPath(service.name),
      error_file: path.join(this.home, 'logs', `${service.name}.err.log`),
    }));
    const file = path.join(this.home, `ecosystem-${tag}.config.cjs`);
    writeFileSync(file, `module.exports = ${JSON.stringify({ apps }, null, 2)};\n`);
    return file;
  }

  private pm2(args: string[], timeoutMs = 60_000) {
    return runChecked(PM2_BIN, args, { env: this.env, timeoutMs });
  }

  async startService(name: string): Promise<void> {
    const service = this.services.get(name);
    if (!service) throw new Error(`pm2: no service ${name}`);
    await this.pm2(['start', this.ecosystem(name, [service])]);
  }

  async stopService(name: string): Promise<void> {
    await this.pm2(['stop', name]);
  }

  protected async listServices(): Promise<{ ms: number; services: Listed[] }> {
    const result = await this.pm2(['jlist']);
    const processes = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Pm2Process[];
    return { ms: result.ms, services: processes.map((p) => ({ name: p.name, state: p.pm2_env?.status ?? 'unknown', pid: p.pid > 0 ? p.pid : null })) };
  }

  logPath(name: string): string {
    return path.join(this.home, 'logs', `${name}.log`);
  }

  async close(): Promise<void> {
    if (this.pid === 0 && this.readPid() === undefined) return;
    this.pid ||= this.readPid() ?? 0;
    await this.list().catch(() => undefined);
    await runCommand(PM2_BIN, ['kill'], { env: this.env, timeoutMs: 60_000 }).catch(() => undefined);
    // pm2 kill should leave nothing; anything still here goes by its own pid.
    await killLeftovers([this.pid], (command) => command.includes('PM2') && command.includes(this.home));
    await killLeftovers(this.servicePids, isBenchService);
  }
}
