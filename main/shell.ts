/**
 * The desktop shell put together: single instance, the engine (taking over
 * from a headless one if need be), the control socket for the CLI, the
 * window, the tray, notifications, start at login and guarded IPC. Every
 * Electron piece comes in through `options.electron`, so tests run all of
 * this with a recording fake and a real engine.
 */
import os from 'node:os';
import type { EngineHandle, ListResult, ServiceStatus } from '../app/api.ts';
import { connectControl } from '../app/control/client.ts';
import { serveControl, type ControlServer } from '../app/control/server.ts';
import { startEngine, type EngineOptions } from '../app/engine/index.ts';
import { dataPaths } from '../app/paths.ts';
import { createAutostart, HIDDEN_FLAG, launchCommand } from './autostart.ts';
import type { ShellElectron } from './electron-seams.ts';
import { openServiceUrl, serviceUrl } from './external-links.ts';
import { hardenEveryContents, hardenSession } from './hardening.ts';
import { isRendererUrl } from './ipc-guard.ts';
import { registerIpc, type IpcHandle } from './ipc.ts';
import { createNotifier, type Notifier } from './notifications.ts';
import { setUpQuit } from './quit.ts';
import type { ShellResources } from './resources.ts';
import { followServices, type ServiceFeed } from './service-feed.ts';
import { openSettingsStore, type KeyValueStoreClass } from './settings-store.ts';
import { createShellSettings, type ShellSettingsApi } from './shell-settings.ts';
import { claimSingleInstance } from './single-instance.ts';
import { startOrTakeOver } from './take-over.ts';
import { createTray, type ShellTray } from './tray.ts';
import { confirmTakeover } from './tray-takeover.ts';
import { createWindow, type ShellWindow } from './window.ts';

export const APP_USER_MODEL_ID = 'dev.upkeep.app';

export interface ShellOptions {
  electron: ShellElectron;
  /** electron-store's class (tests pass `conf`, which it extends). */
  Store: KeyValueStoreClass;
  dataDir: string;
  resources: ShellResources;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  argv?: readonly string[];
  homedir?: string;
  execPath?: string;
  engine?: Omit<EngineOptions, 'dataDir'>;
  notifications?: { settleMs?: number; cooldownMs?: number };
  log?(message: string): void;
}

export interface Shell {
  engine: EngineHandle;
  window: ShellWindow;
  tray: ShellTray;
  settings: ShellSettingsApi;
  /** The latest list as the tray sees it. */
  current(): ListResult;
  /** Resolves once the shell has shut down (engine closed, tray and window gone). */
  closed: Promise<void>;
}

/** The running shell, or null when this instance should not run (another one does, or the person declined a take-over). */
export async function startShell(options: ShellOptions): Promise<Shell | null> {
  const { electron, dataDir, resources } = options;
  const { app, dialog } = electron;
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.error(`upkeep: ${message}`));
  const paths = dataPaths(dataDir);

  let win: ShellWindow | null = null;
  if (!claimSingleInstance(app, () => win?.show())) {
    app.quit();
    return null;
  }
  // Before ready: Chromium's own files go to the same data dir as the engine's.
  app.setPath('userData', dataDir);
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  await app.whenReady();

  const isOwnPage = (url: string) => isRendererUrl(url, resources.rendererIndex);
  let services: () => ServiceStatus[] = () => [];
  const openExternal = (url: string) => {
    if (!openServiceUrl(electron.shell, url, services())) log(`not opened (not a URL Upkeep built): ${url}`);
  };
  hardenSession(electron.session.defaultSession);
  hardenEveryContents(app, { isOwnPage, openExternal });

  let engine: EngineHandle | null;
  try {
    engine = await startOrTakeOver({
      start: () => startEngine({ ...options.engine, dataDir }),
      dialog,
      connect: (socketPath) => connectControl(socketPath),
      socketPath: paths.socket,
    });
  } catch (error) {
    await dialog.showMessageBox({ type: 'error', title: 'Upkeep', message: 'Upkeep could not start its engine', detail: (error as Error).message });
    app.quit();
    return null;
  }
  if (!engine) {
    app.quit();
    return null;
  }
  const running: EngineHandle = engine;

  // The CLI talks to whichever engine holds the lock; while the app runs, that is this one.
  let control: ControlServer | null = null;
  try {
    control = await serveControl(running, paths.socket);
  } catch (error) {
    log(`the command line cannot reach this engine: ${(error as Error).message}`);
  }

  const store = openSettingsStore(options.Store, dataDir, log);
  const autostart = createAutostart({
    platform,
    app,
    env,
    homedir: options.homedir ?? os.homedir(),
    command: launchCommand({ isPackaged: app.isPackaged, execPath: options.execPath ?? process.execPath, appPath: app.getAppPath(), env }),
  });
  let tray: ShellTray | null = null;
  const settings = createShellSettings(store, autostart, () => tray?.refresh());
  settings.reconcile();

  let ipc: IpcHandle | null = null;
  let feed: ServiceFeed | null = null;
  let notifier: Notifier | null = null;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const quit = setUpQuit({
    app,
    dialog,
    runningCount: () => services().filter((s) => s.pid !== null).length,
    async shutDown(stopServices) {
      feed?.stop();
      notifier?.dispose();
      ipc?.dispose();
      await control?.close();
      await running.close({ stopServices });
      tray?.destroy();
      win?.destroy();
    },
    done: () => resolveClosed(),
    onError: (error) => log(`shutting down: ${(error as Error).message}`),
  });
  // Shut down from outside (`upkeep` sent shutdown to this engine): the app goes with it.
  void running.whenClosed().then(() => {
    if (!quit.isQuitting()) quit.quitWith(false);
  });

  // Before the window exists: the page calls the API as soon as it loads.
  ipc = registerIpc({
    ipcMain: electron.ipcMain,
    engine: running,
    window: () => win?.window ?? null,
    rendererIndex: resources.rendererIndex,
    onRefused: (channel, reason) => log(`IPC ${channel} refused: ${reason}`),
    // The window's shutdown is the engine's, as from the CLI: the engine closes and the app follows it (whenClosed).
    shell: {
      getSettings: async () => settings.get(),
      setSettings: async (changes) => settings.set(changes),
    },
  });

  const openedAtLogin = options.argv?.includes(HIDDEN_FLAG) || (platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true);
  win = createWindow(electron.BrowserWindow, {
    preload: resources.preload,
    rendererIndex: resources.rendererIndex,
    icon: resources.appIcon,
    store,
    screen: electron.screen,
    isQuitting: () => quit.isQuitting(),
    showWhenReady: !openedAtLogin,
  });
  const shownWindow = win;
  app.on('activate', () => shownWindow.show());
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });

  const complain = (what: string) => (error: unknown) =>
    void dialog.showMessageBox({ type: 'error', title: 'Upkeep', message: what, detail: (error as Error).message });
  const urlOf = (name: string) => {
    const status = services().find((s) => s.name === name);
    return status ? serviceUrl(status) : null;
  };
  tray = createTray(electron, {
    iconDir: resources.iconDir,
    platform,
    menuState: () => ({ startAtLogin: settings.get().startAtLogin === true }),
    onClick: () => shownWindow.show(),
    actions: {
      restart: (name) => void running.restart({ name }).catch(complain(`Could not restart ${name}`)),
      start: (name) => void running.start({ name }).catch(complain(`Could not start ${name}`)),
      stop: (name) => void running.stop({ name }).catch(complain(`Could not stop ${name}`)),
      restoreAll: () => void running.restore({ name: 'all' }).catch(complain('Could not restore the services')),
      takeOver: (name) => void confirmTakeover(running, dialog, name).catch(complain(`Could not take over ${name}`)),
      showLogs: (name) => shownWindow.showLogs(name),
      openInBrowser: (name) => {
        const url = urlOf(name);
        if (url) openExternal(url);
      },
      copyUrl: (name) => {
        const url = urlOf(name);
        if (url) electron.clipboard.writeText(url);
      },
      openWindow: () => shownWindow.show(),
      setStartAtLogin: (enabled) => {
        try {
          settings.set({ startAtLogin: enabled });
        } catch (error) {
          complain('Could not change Start at login')(error);
        }
      },
      quit: () => app.quit(),
    },
  });
  const shownTray = tray;

  const { Notification } = electron;
  notifier = createNotifier({
    ...options.notifications,
    enabled: () => store.get('notifications') && Notification.isSupported(),
    show: ({ title, body }) => {
      const notification = new Notification({ title, body });
      notification.on('click', () => shownWindow.show());
      notification.show();
    },
  });
  const shownNotifier = notifier;

  feed = await followServices(running, (list, changed) => {
    shownTray.update(list);
    if (changed) shownNotifier.update(changed);
    else for (const status of list.services) shownNotifier.update(status);
  });
  const liveFeed = feed;
  services = () => liveFeed.current().services;

  return { engine: running, window: shownWindow, tray: shownTray, settings, current: () => liveFeed.current(), closed };
}
