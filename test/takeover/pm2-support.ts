/** Real PM2 from node_modules with a PM2_HOME of its own in a temp dir, killed (`pm2 kill`) when the test ends. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PM2_BIN_DIR = path.join(ROOT, 'node_modules', '.bin');
export const PM2 = path.join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');

export interface Pm2 {
  home: string;
  /** The environment an engine or a shell uses to reach this PM2 (PM2_HOME, pm2 on PATH). */
  env: NodeJS.ProcessEnv;
  run(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<string>;
  jlist(): Promise<Array<{ name: string; pid: number; pm_id: number; pm2_env: { status: string; restart_time: number } }>>;
}

export function privatePm2(t: TestContext): Pm2 {
  const home = mkdtempSync(path.join(os.tmpdir(), 'upkeep-pm2-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PM2_HOME: home, PATH: `${PM2_BIN_DIR}:${process.env.PATH ?? ''}` };
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [PM2, ...args], { env: { ...env, ...extraEnv }, timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`pm2 ${args.join(' ')}: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
  // `pm2 kill` while the home is still there; then the daemon by its pid, in case kill did not answer.
  t.after(async () => {
    await run(['kill']).catch(() => undefined);
    try {
      process.kill(Number(readFileSync(path.join(home, 'pm2.pid'), 'utf8')), 'SIGKILL');
    } catch {
      // gone
    }
    rmSync(home, { recursive: true, force: true });
  });
  return {
    home,
    env,
    run,
    async jlist() {
      const out = await run(['jlist']);
      return JSON.parse(out.slice(out.indexOf('['))) as Awaited<ReturnType<Pm2['jlist']>>;
    },
  };
}
