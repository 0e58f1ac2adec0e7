/**
 * What every browser test needs: a real `upkeep serve` on a temp UPKEEP_HOME
 * (built CLI, real services), Debian's Chromium through playwright-core, and
 * a cleanup that ends everything it started, by pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ServiceSpecType } from '../../app/api.ts';
import { isAlive } from '../support/processes.ts';
import { waitFor } from '../support/wait.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.mjs');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Why the browser suite cannot run here, or null when it can. */
export function skipReason(): string | null {
  // In CI the browser tests must run: a missing Chromium fails them (launchBrowser says why) instead of hiding as skips.
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true') return `${CHROMIUM} is missing (apt-get install chromium); browser tests skipped`;
  if (!existsSync(CLI)) return 'dist/cli.mjs is missing: run `npm run build` first';
  if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return 'dist/renderer is missing: run `npm run build` first';
  return null;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing and CI=true: the browser tests must run here (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}


/** A small Node HTTP service for tests: prints each request, answers /health. */
export function httpServiceCommand(): string[] {
  const script = [
    "const http = require('node:http');",
    'const port = Number(process.env.PORT);',
    "http.createServer((req, res) => { console.log('request', req.url); res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ overall_status: 'operational' })); })",
    ".listen(port, '127.0.0.1', () => console.log('\\u001b[32mready\\u001b[0m on port ' + port));",
    "process.on('SIGTERM', () => process.exit(0));",
  ].join('\n');
  return [process.execPath, '-e', script];
}

export interface Served {
  home: string;
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  /** `upkeep …` against this engine, synchronously. */
  cli(args: string[]): { code: number | null; stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** Starts `node dist/cli.mjs serve` (any free port) on a fresh data dir holding `services` (and whatever `prepare` puts there first). */
export async function startServe(services: ServiceSpecType[], prepare?: (home: string) => void | Promise<void>): Promise<Served> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'upkeep-e2e-'));
  await mkdir(home, { recursive: true });
  await writeFile(path.join(home, 'config.json'), JSON.stringify({ schemaVersion: 1, services }, null, 2));
  await prepare?.(home);
  // Rival detection would read the machine's crontab, units and ~/.pm2: off here.
  const env = { ...process.env, UPKEEP_HOME: home, NO_COLOR: '1', UPKEEP_RIVALS: 'off' };
  // No --port: the dashboard takes any free port.
  const child = spawn(process.execPath, [CLI, 'serve', '--no-examples'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 15_000;
  let url: string | undefined;
  while (url === undefined) {
    if (child.exitCode !== null) throw new Error(`upkeep serve exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`upkeep serve printed no dashboard URL within 15 s:\n${output}`);
    url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)?.[1];
    if (url === undefined) await new Promise((r) => setTimeout(r, 50));
  }
  const cli = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 15_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    home,
    url,
    port: Number(new URL(url).port),
    process: child,
    output: () => output,
    cli,
    async stop() {
      cli(['stop', 'all']);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await waitFor(() => (child.exitCode !== null || child.signalCode !== null ? true : undefined), 'serve to exit', 10_000).catch(() => {
          child.kill('SIGKILL');
        });
      }
      killRecordedServices(home);
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Safety net: anything the registry still lists is ended by its recorded process group. */
function killRecordedServices(home: string): void {
  const runDir = path.join(home, 'run');
  if (!existsSync(runDir)) return;
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('.json'))) {
    try {
      const record = JSON.parse(readFileSync(path.join(runDir, file), 'utf8')) as { pid: number; pgid: number };
      if (record.pgid > 1 && isAlive(record.pid)) process.kill(-record.pgid, 'SIGKILL');
    } catch {
      // A half-written or foreign record: nothing we can safely kill.
    }
  }
}

/** Saves a screenshot at test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Collects console errors and CSP violations so a test can insist there are none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}

export interface Viewport {
  width: number;
  height: number;
  colorScheme?: 'light' | 'dark';
}

export const DESKTOP: Viewport = { width: 1280, height: 800 };
export const NARROW: Viewport = { width: 420, height: 800 };

/** Opens the dashboard and waits until the service list has loaded. */
export async function openDashboard(browser: Browser, url: string, viewport: Viewport = DESKTOP): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height }, colorScheme: viewport.colorScheme ?? 'light' });
  const problems = watchConsole(page);
  await page.goto(url);
  await page.locator('.service-list, .empty').first().waitFor({ timeout: 10_000 });
  return { page, problems };
}

/** The tone (up/degraded/down/idle) of a service's row, as its badge shows it. */
export function rowBadge(page: Page, name: string) {
  return page.locator(`[data-service="${name}"] .badge`);
}

export interface Suite {
  readonly served: Served;
  readonly browser: Browser;
  /** The reason to skip (no Chromium, no build), or false. */
  readonly skip: string | false;
}

/** Something to end when the suite ends (a helper process the test started). */
export type Cleanup = (end: () => void | Promise<void>) => void;

/**
 * Registers ONE before hook (Node 20 runs sibling top-level hooks concurrently)
 * that runs `specs` (which may start helpers and register their cleanup),
 * starts `upkeep serve` with the result and a browser; and one after hook that
 * ends all of it.
 */
export function serveForSuite(specs: (cleanup: Cleanup) => Promise<ServiceSpecType[]>, prepare?: (home: string) => void | Promise<void>): Suite {
  const skip = skipReason() ?? false;
  let served: Served | undefined;
  let browser: Browser | undefined;
  const cleanups: Array<() => void | Promise<void>> = [];
  before(async () => {
    if (skip) return;
    served = await startServe(await specs((end) => cleanups.push(end)), prepare);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await served?.stop();
    for (const end of cleanups) await end();
  });
  return {
    skip,
    get served(): Served {
      if (!served) throw new Error('upkeep serve is not running');
      return served;
    },
    get browser(): Browser {
      if (!browser) throw new Error('no browser');
      return browser;
    },
  };
}

/** A process Upkeep did not start, listening on `port` until `cleanup` ends it. */
export async function startSquatter(port: number, cleanup: Cleanup): Promise<number> {
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  cleanup(() => {
    if (child.pid && isAlive(child.pid)) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the squatter on port ${port} exited with ${code}`)));
  });
  return child.pid!;
}
