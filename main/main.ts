/**
 * The Electron entry point (bundled to dist/main.mjs), and the only module
 * besides the preload that imports `electron`: it hands the real pieces to
 * the shell, which does the rest.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import electron from 'electron';
import Store from 'electron-store';
import { defaultDataDir } from '../app/paths.ts';
import type { ShellElectron } from './electron-seams.ts';
import { shellResources } from './resources.ts';
import { startShell } from './shell.ts';

const seams: ShellElectron = {
  app: electron.app,
  Tray: electron.Tray,
  Menu: electron.Menu,
  BrowserWindow: electron.BrowserWindow,
  ipcMain: electron.ipcMain,
  Notification: electron.Notification,
  shell: electron.shell,
  dialog: electron.dialog,
  clipboard: electron.clipboard,
  // Read only after app ready: Electron refuses these modules before it.
  get screen() {
    return electron.screen;
  },
  get session() {
    return electron.session;
  },
};

const distDir = path.dirname(fileURLToPath(import.meta.url));

try {
  await startShell({
    electron: seams,
    Store,
    dataDir: defaultDataDir(),
    resources: shellResources(distDir, electron.app.isPackaged ? process.resourcesPath : null),
    argv: process.argv,
    engine: { seedExamples: true },
  });
} catch (error) {
  electron.dialog.showErrorBox('Upkeep could not start', (error as Error).stack ?? String(error));
  electron.app.exit(1);
}
