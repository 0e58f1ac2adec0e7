/**
 * Where Upkeep has no implementation (Windows): no process is ever seen.
 * The start time is unknown, so nothing recorded is ever taken for alive.
 */
import type { OsLayer } from './layer.ts';

export const unsupported: OsLayer = {
  name: 'unsupported',
  startTime: () => null,
  listProcesses: () => Promise.resolve([]),
  processesWithEnv: () => Promise.resolve([]),
  listListeners: () => Promise.resolve([]),
  listenerHolders: () => Promise.resolve([]),
  argvOf: () => Promise.resolve(null),
  wildcardBindSeesEveryListener: false,
};
