/**
 * Real PM2 (the dev dependency) with its own PM2_HOME in a temp dir. At the
 * end: `pm2 kill`, then the daemon and every app it ran are killed by pid,
 * whatever happened.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

export const PM2_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.bin', 'pm2');

export interface Pm2App {
  name: string;
  pm_id: number;
  pid: number;
  pm2_env: { status: string; restart_time: number };
}

export interface Pm2 {
  home: string;
  run(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<string>;
  jlist(): Promise<Pm2App[]>;
  daemonPid(): number | null;
}

export function pm2Home(t: TestContext): Pm2 {
  const home = mkdtempSync(path.join(os.tmpdir(), 'upkeep-pm2-'));
  const seen = new Set<number>();
  const pm2: Pm2 = {
    home,
    run: (args, options = {}) =>
      new Promise((resolve, reject) => {
        execFile(PM2_BIN, args, { cwd: options.cwd, env: { ...process.env, ...options.env, PM2_HOME: home }, timeout: 30_000 }, (error, stdout, stderr) => {
          const daemon = pm2.daemonPid();
          if (daemon) seen.add(daemon);
          if (error) reject(new Error(`pm2 ${args.join(' ')}: ${error.message}\n${stderr}`));
          else resolve(stdout);
        });
      }),
    async jlist() {
      const apps = JSON.parse(await pm2.run(['jlist'])) as Pm2App[];
      for (const app of apps) if (app.pid) seen.add(app.pid);
      return apps;
    },
    daemonPid() {
      const file = path.join(home, 'pm2.pid');
      return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || null : null;
    },
  };
  t.after(async () => {
    if (pm2.daemonPid()) await pm2.run(['kill']).catch(() => undefined);
    for (const pid of seen) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    rmSync(home, { recursive: true, force: true });
  });
  return pm2;
}
