import type { WireError } from './api-error.ts';

/**
 * The API's method names and IPC channels, with no runtime dependency, so the
 * preload and the renderer's WebSocket client can build one function per
 * method without loading zod. app/api.ts checks at compile time that this list
 * and its schemas name the same methods.
 */
/** What the engine answers, on every transport. */
export const ENGINE_METHOD_NAMES = [
  'list',
  'start',
  'stop',
  'restart',
  'restore',
  'logs',
  'history',
  'recentUsage',
  'setPort',
  'stopPortOwner',
  'addService',
  'updateService',
  'removeService',
  'reload',
  'subscribe',
  'shutdown',
  'doctor',
  'takeoverPlan',
  'takeover',
  'undoTakeover',
] as const;

/** What the desktop shell answers (login item, notifications); a headless engine says they belong to the app. */
export const SHELL_METHOD_NAMES = ['getSettings', 'setSettings'] as const;

/** Every method a client (the window, the CLI) can call: the engine's and the shell's, merged at the transport. */
export const METHOD_NAMES = [...ENGINE_METHOD_NAMES, ...SHELL_METHOD_NAMES] as const;
export type EngineMethodName = (typeof ENGINE_METHOD_NAMES)[number];
export type ShellMethodName = (typeof SHELL_METHOD_NAMES)[number];
export type MethodName = EngineMethodName | ShellMethodName;

export function isShellMethod(method: MethodName): method is ShellMethodName {
  return (SHELL_METHOD_NAMES as readonly string[]).includes(method);
}

/** Events pushed to subscribed clients (api.ts checks at compile time that they match `Events`). */
export const EVENT_NAMES = ['service', 'removed', 'log', 'notice'] as const;

/** A transport's answer to one call, the same on IPC, the control socket and the dashboard. */
export type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

/** IPC channel names, derived from the method names (GitHub Desktop's idea: declare once). */
export const ipcChannel = (method: MethodName): `upkeep:${MethodName}` => `upkeep:${method}`;
export const IPC_EVENT_CHANNEL = 'upkeep:event';
