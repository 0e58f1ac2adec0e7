/**
 * What the preload puts on `window.upkeep`: exactly the `Bridge` of
 * app/api.ts — one function per API method, and `on` for events — and never
 * `ipcRenderer` itself, so the page can reach no channel but ours.
 *
 * Failed calls reject with a plain `{ code, message, fields }` object: an
 * Error crossing the context bridge loses every property but its message.
 */
import type { Bridge, EventName, Events, Reply } from '../app/api.ts';
// Runtime values from app/shared only: the preload bundle stays free of zod.
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel } from '../app/shared/methods.ts';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: Record<string, unknown>): void;
}

export const BRIDGE_KEY = 'upkeep';

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createBridge(ipc: IpcRendererLike): Bridge {
  const bridge: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    bridge[method] = async (params: unknown) => {
      const reply = await ipc.invoke(ipcChannel(method), params ?? {});
      if (!isReply(reply)) throw { code: 'internal', message: `${method}: no answer from the app`, fields: [] };
      if (!reply.ok) throw { code: reply.error.code, message: reply.error.message, fields: reply.error.fields ?? [] };
      return reply.result;
    };
  }
  bridge.on = <E extends EventName>(event: E, listener: (data: Events[E]) => void): (() => void) => {
    const forward = (_event: unknown, message: unknown) => {
      const { event: name, data } = (message ?? {}) as { event?: unknown; data?: unknown };
      if (name === event) listener(data as Events[E]);
    };
    ipc.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipc.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  };
  return Object.freeze(bridge) as unknown as Bridge;
}

export function exposeBridge(electron: { contextBridge: ContextBridgeLike; ipcRenderer: IpcRendererLike }): void {
  electron.contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(electron.ipcRenderer) as unknown as Record<string, unknown>);
}
