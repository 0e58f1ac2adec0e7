/**
 * What the shell remembers between runs (window bounds, notifications on or
 * off, start at login), in electron-store. It lives in the data dir next to
 * the engine's config.json, under its own name so the two never collide.
 * Values are validated on read: a hand-edited or older file falls back to
 * defaults field by field instead of breaking the app.
 */
import { z } from '../app/zod.ts';

const BoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
});
export type WindowBounds = z.infer<typeof BoundsSchema>;

const FIELDS = {
  windowBounds: BoundsSchema.nullable(),
  notifications: z.boolean(),
  startAtLogin: z.boolean(),
};

export interface ShellSettings {
  windowBounds: WindowBounds | null;
  notifications: boolean;
  startAtLogin: boolean;
}

const DEFAULTS: ShellSettings = { windowBounds: null, notifications: true, startAtLogin: false };

/** The part of electron-store (or `conf`, which it extends) that is used. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}
export type KeyValueStoreClass = new (options: { name: string; cwd: string; clearInvalidConfig: boolean }) => KeyValueStore;

export interface SettingsStore {
  get<K extends keyof ShellSettings>(key: K): ShellSettings[K];
  set<K extends keyof ShellSettings>(key: K, value: ShellSettings[K]): void;
}

export const SETTINGS_FILE_NAME = 'shell-settings';

export function openSettingsStore(Store: KeyValueStoreClass, dataDir: string, onError: (message: string) => void = () => undefined): SettingsStore {
  let store: KeyValueStore;
  try {
    // clearInvalidConfig false: a file we cannot parse is kept for a person to look at.
    store = new Store({ name: SETTINGS_FILE_NAME, cwd: dataDir, clearInvalidConfig: false });
  } catch (error) {
    onError(`${dataDir}/${SETTINGS_FILE_NAME}.json cannot be read (${(error as Error).message}); using defaults this time`);
    store = memoryStore();
  }
  return {
    get(key) {
      const parsed = FIELDS[key].safeParse(store.get(key) ?? DEFAULTS[key]);
      return (parsed.success ? parsed.data : DEFAULTS[key]) as ShellSettings[typeof key];
    },
    set(key, value) {
      try {
        store.set(key, value);
      } catch (error) {
        onError(`cannot save ${key}: ${(error as Error).message}`);
      }
    },
  };
}

function memoryStore(): KeyValueStore {
  const values = new Map<string, unknown>();
  return { get: (key) => values.get(key), set: (key, value) => void values.set(key, value) };
}
