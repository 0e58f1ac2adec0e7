/**
 * The `getSettings` / `setSettings` answers: settings only the desktop app
 * has (the headless engine answers null). Start at login is read from the OS
 * itself, since a person may remove the login item outside Upkeep.
 */
import { ApiError, type Params, type Settings } from '../app/api.ts';
import type { Autostart } from './autostart.ts';
import type { SettingsStore } from './settings-store.ts';

export interface ShellSettingsApi {
  get(): Settings;
  set(changes: Params<'setSettings'>): Settings;
  /** At launch: follow what the OS says, and rewrite the entry in case the app moved. */
  reconcile(): void;
}

export function createShellSettings(store: SettingsStore, autostart: Autostart, onChange: () => void): ShellSettingsApi {
  const get = (): Settings => ({ startAtLogin: autostart.isEnabled(), notifications: store.get('notifications') });
  return {
    get,
    set(changes) {
      if (changes.startAtLogin !== undefined) {
        try {
          if (changes.startAtLogin) autostart.enable();
          else autostart.disable();
        } catch (error) {
          throw new ApiError('internal', `could not ${changes.startAtLogin ? 'turn on' : 'turn off'} start at login: ${(error as Error).message}`);
        }
        store.set('startAtLogin', changes.startAtLogin);
      }
      if (changes.notifications !== undefined) store.set('notifications', changes.notifications);
      onChange();
      return get();
    },
    reconcile() {
      const enabled = autostart.isEnabled();
      store.set('startAtLogin', enabled);
      if (enabled) {
        try {
          autostart.enable();
        } catch {
          // The old entry stays; it still works unless the app moved.
        }
      }
    },
  };
}
