/**
 * Debian's supervisord with everything of its own in a temp dir: config,
 * socket, pid file, logs. Run in the foreground (-n) as our child, so its pid
 * is known without reading files; never the system service, never /etc.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DaemonProcess } from '../lib/daemon-process.ts';
import { runCommand } from '../lib/command.ts';
import { serviceEnv } from '../lib/services.ts';
import { tempDir } from '../lib/temp.ts';
import { waitFor } from '../lib/wait.ts';
import { ListingSupervisor, type Listed } from './listing.ts';
import type { ServiceDef, Supervisor } from './types.ts';

export const SUPERVISORD = '/usr/bin/supervisord';
const SUPERVISORCTL = '/usr/bin/supervisorctl';

export class Supervisord extends ListingSupervisor implements Supervisor {
  readonly id = 'supervisord' as const;
  private readonly dir = tempDir('sv');
  private readonly conf = path.join(this.dir, 'supervisord.conf');
  private daemon: DaemonProcess | null = null;

  static available(): boolean {
    return existsSync(SUPERVISORD) && existsSync(SUPERVISORCTL);
  }

  get pid(): number {
    return this.daemon?.pid ?? 0;
  }

  async start(services: ServiceDef[]): Promise<void> {
    mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    writeFileSync(this.conf, this.config(services));
    this.daemon = new DaemonProcess(SUPERVISORD, ['-n', '-c', this.conf], process.env, path.join(this.dir, 'daemon.out'));
    await waitFor('supervisord socket', async () => ((await this.ctl(['pid'])).code === 0 ? true : undefined), 30_000, 50);
  }

  private config(services: ServiceDef[]): string {
    const lines = [
      '[unix_http_server]',
      `file=${path.join(this.dir, 's.sock')}`,
      'chmod=0700',
      '[supervisord]',
      `logfile=${path.join(this.dir, 'supervisord.log')}`,
      `pidfile=${path.join(this.dir, 'supervisord.pid')}`,
      `childlogdir=${path.join(this.dir, 'logs')}`,
      'nodaemon=true',
      'silent=true',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      `serverurl=unix://${path.join(this.dir, 's.sock')}`,
    ];
    for (const service of services) {
      const env = Object.entries(serviceEnv(service)).map(([key, value]) => `${key}="${value}"`);
      lines.push(
        `[program:${service.name}]`,
        `command=${service.command.join(' ')}`,
        ...(env.length > 0 ? [`environment=${env.join(',')}`] : []),
        `autostart=${service.autostart === false ? 'false' : 'true'}`,
        'autorestart=true',
        'redirect_stderr=true',
        `stdout_logfile=${this.logPath(service.name)}`,
        // Same as Upkeep's stop: the whole group.
        'stopasgroup=true',
        'killasgroup=true',
      );
    }
    return `${lines.join('\n')}\n`;
  }

  private ctl(args: string[], timeoutMs = 60_000) {
    return runCommand(SUPERVISORCTL, ['-c', this.conf, ...args], { timeoutMs });
  }

  async startService(name: string): Promise<void> {
    // supervisorctl start waits until the program is RUNNING or given up on; a crash loop may be the latter.
    await this.ctl(['start', name]);
  }

  async stopService(name: string): Promise<void> {
    // A program supervisord gave up on (FATAL) is stopped already: supervisorctl says so and exits 1.
    await this.ctl(['stop', name]);
  }

  protected async listServices(): Promise<{ ms: number; services: Listed[] }> {
    // Exit code 3 only says some program is not RUNNING; the listing is what counts.
    const result = await this.ctl(['status']);
    const services = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        // `web0   RUNNING   pid 123, uptime 0:00:05`
        const [name = '', state = '', word, pid] = line.trim().split(/\s+/);
        return { name, state, pid: word === 'pid' ? Number.parseInt(pid ?? '', 10) || null : null };
      });
    return { ms: result.ms, services };
  }

  logPath(name: string): string {
    return path.join(this.dir, 'logs', `${name}.log`);
  }

  close(): Promise<void> {
    return this.closeDaemon(this.daemon, () => this.ctl(['shutdown']));
  }
}
