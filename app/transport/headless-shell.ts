/**
 * The shell's half of the API where there is no desktop app (`upkeep serve`,
 * `upkeep daemon`): login items and notifications belong to the app, so
 * they read as unavailable and cannot be changed here.
 */
import { ApiError, type Settings, type ShellApi } from '../api.ts';

const UNAVAILABLE: Settings = { startAtLogin: null, notifications: null };

export const HEADLESS_SHELL: ShellApi = {
  getSettings: async () => UNAVAILABLE,
  setSettings: async () => {
    throw new ApiError('unavailable', 'settings belong to the desktop app; this engine runs headless');
  },
};
