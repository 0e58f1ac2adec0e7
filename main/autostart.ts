/**
 * Start at login. macOS and Windows keep login items themselves
 * (`app.setLoginItemSettings`); Linux desktops read XDG autostart entries from
 * `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`).
 * The app is started with `--hidden`, so logging in does not pop the window up.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desktopEntry } from './desktop-entry.ts';

export const HIDDEN_FLAG = '--hidden';

export interface Autostart {
  isEnabled(): boolean;
  /** Writes (or rewrites, in case the app moved) the login item. */
  enable(): void;
  disable(): void;
}

/** The part of Electron's `app` that login items need. */
export interface LoginItemApp {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface AutostartOptions {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** The command that starts this app (see `launchCommand`). */
  command: readonly string[];
  env?: NodeJS.ProcessEnv;
  homedir?: string;
  /** The file name of the autostart entry. */
  id?: string;
}

/**
 * The command that starts this app again: the AppImage when run from one
 * (`process.execPath` points inside its temporary mount, gone after exit),
 * the executable when packaged, and electron + the app folder in development.
 */
export function launchCommand(options: { isPackaged: boolean; execPath: string; appPath: string; env?: NodeJS.ProcessEnv }): string[] {
  const env = options.env ?? process.env;
  if (env.APPIMAGE) return [env.APPIMAGE];
  if (options.isPackaged) return [options.execPath];
  return [options.execPath, options.appPath];
}

/** `$XDG_CONFIG_HOME/autostart`; a relative XDG_CONFIG_HOME is invalid by the spec and ignored. */
export function xdgAutostartDir(env: NodeJS.ProcessEnv = process.env, homedir = os.homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homedir, '.config');
  return path.join(configHome, 'autostart');
}

export function createAutostart(options: AutostartOptions): Autostart {
  if (options.platform === 'linux') return xdgAutostart(options);
  const { app, command } = options;
  // Windows identifies the login item by path + args, so reading it back needs the same ones.
  const item = options.platform === 'win32' ? { path: command[0], args: [...command.slice(1), HIDDEN_FLAG] } : {};
  return {
    isEnabled: () => app.getLoginItemSettings(item).openAtLogin,
    enable: () => app.setLoginItemSettings({ openAtLogin: true, ...item }),
    disable: () => app.setLoginItemSettings({ openAtLogin: false, ...item }),
  };
}

function xdgAutostart(options: AutostartOptions): Autostart {
  const file = path.join(xdgAutostartDir(options.env, options.homedir), `${options.id ?? 'upkeep'}.desktop`);
  return {
    isEnabled: () => existsSync(file),
    enable() {
      mkdirSync(path.dirname(file), { recursive: true });
      const text = desktopEntry({
        name: 'Upkeep',
        comment: 'Keeps your local services up',
        exec: [...options.command, HIDDEN_FLAG],
        icon: 'upkeep',
        extra: { 'X-GNOME-Autostart-enabled': 'true' },
      });
      writeFileSync(file, text, { mode: 0o644 });
    },
    disable: () => rmSync(file, { force: true }),
  };
}
