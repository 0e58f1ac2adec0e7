/**
 * The API's method names and IPC channels, with no runtime dependency, so the
 * preload and the renderer's WebSocket client can build one function per
 * method without loading zod. app/api.ts checks at compile time that this list
 * and its schemas name the same methods.
 */
export const METHOD_NAMES = [
  'list',
  'start',
  'stop',
  'restart',
  'restore',
  'logs',
  'history',
  'setPort',
  'stopPortOwner',
  'addService',
  'updateService',
  'removeService',
  'getSettings',
  'setSettings',
  'subscribe',
  'shutdown',
  'takeoverPlan',
  'takeover',
  'undoTakeover',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** IPC channel names, derived from the method names (GitHub Desktop's idea: declare once). */
export const ipcChannel = (method: MethodName): `upkeep:${MethodName}` => `upkeep:${method}`;
export const IPC_EVENT_CHANNEL = 'upkeep:event';
