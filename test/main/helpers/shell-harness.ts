/**
 * Starts the real shell (main/shell.ts) with the fake electron and a real
 * engine in a temp UPKEEP_HOME, a temp XDG config dir, and `conf` standing in
 * for electron-store. Everything is closed, and every service pid killed, when
 * the test ends.
 */
import Conf from 'conf';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addServiceToConfig } from '../../../app/config/store.ts';
import type { ServiceSpec } from '../../../app/config/schema.ts';
import { dataPaths } from '../../../app/paths.ts';
import { startShell, type Shell, type ShellOptions } from '../../../main/shell.ts';
import { FAST_TIMING } from '../../support/engine.ts';
import { killAtEnd } from '../../support/processes.ts';
import { tempHome } from '../../support/temp-home.ts';
import { createFakeElectron, type FakeElectron } from '../../mocks/electron.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BUILD_DIR = path.join(ROOT, 'build');
export const trayIcon = (state: string) => path.join(BUILD_DIR, 'tray', `${state}.png`);

/** electron-store's constructor over `conf` (electron-store maps `name` to conf's `configName`). */
export class ConfStore extends Conf<Record<string, unknown>> {
  constructor(options: { name: string; cwd: string; clearInvalidConfig: boolean }) {
    super({ configName: options.name, cwd: options.cwd, clearInvalidConfig: options.clearInvalidConfig });
  }
}


export interface TestShell {
  shell: Shell;
  electron: FakeElectron;
  dataDir: string;
  xdgConfig: string;
  rendererIndex: string;
  logs: string[];
}

export interface TestShellOptions {
  services?: ServiceSpec[];
  dataDir?: string;
  electron?: FakeElectron;
  argv?: string[];
  platform?: NodeJS.Platform;
  notifications?: ShellOptions['notifications'];
}

export function shellResources(dir: string) {
  const rendererIndex = path.join(dir, 'app', 'dist', 'renderer', 'index.html');
  return { preload: path.join(dir, 'app', 'dist', 'preload.cjs'), rendererIndex, iconDir: BUILD_DIR, appIcon: path.join(BUILD_DIR, 'icon.png') };
}

/** Like startTestShell, but returns null when the shell declined to run. */
export async function tryStartTestShell(t: TestContext, options: TestShellOptions = {}): Promise<(Omit<TestShell, 'shell'> & { shell: Shell | null })> {
  const dataDir = options.dataDir ?? tempHome(t);
  const scratch = tempHome(t);
  const xdgConfig = path.join(scratch, 'xdg-config');
  mkdirSync(xdgConfig, { recursive: true });
  for (const spec of options.services ?? []) addServiceToConfig(dataPaths(dataDir), spec);
  const electron = options.electron ?? createFakeElectron();
  const resources = shellResources(scratch);
  const logs: string[] = [];
  const shell = await startShell({
    electron,
    Store: ConfStore,
    dataDir,
    resources,
    platform: options.platform ?? 'linux',
    env: { XDG_CONFIG_HOME: xdgConfig },
    homedir: scratch,
    execPath: '/opt/Upkeep/upkeep',
    argv: options.argv ?? [],
    engine: { timing: FAST_TIMING },
    notifications: options.notifications ?? {},
    log: (message) => logs.push(message),
  });
  if (shell) {
    const pids = new Set<number>();
    const off = shell.engine.on('service', ({ status }) => status.pid && pids.add(status.pid));
    for (const status of shell.current().services) if (status.pid) pids.add(status.pid);
    killAtEnd(t, () => [...pids]);
    t.after(async () => {
      off();
      // Whatever the test did, nothing of this shell outlives it.
      await shell.engine.close({ stopServices: true });
    });
  }
  return { shell, electron, dataDir, xdgConfig, rendererIndex: resources.rendererIndex, logs };
}

export async function startTestShell(t: TestContext, options: TestShellOptions = {}): Promise<TestShell> {
  const started = await tryStartTestShell(t, options);
  if (!started.shell) throw new Error(`the shell did not start: ${started.logs.join('; ')}`);
  return { ...started, shell: started.shell };
}

/** The one tray the shell made. */
export function trayOf(electron: FakeElectron) {
  const tray = electron.Tray.instances[0];
  if (!tray) throw new Error('no tray was created');
  return tray;
}

export function windowOf(electron: FakeElectron) {
  const window = electron.BrowserWindow.instances[0];
  if (!window) throw new Error('no window was created');
  return window;
}
