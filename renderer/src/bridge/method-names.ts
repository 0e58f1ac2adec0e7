import type { MethodName } from '../../../app/api.ts';

/**
 * Every API method, for building the WebSocket client. `satisfies` plus the
 * exhaustiveness check below make tsc fail when app/api.ts gains a method
 * this list lacks (the renderer may not import api.ts's runtime values).
 */
export const METHOD_NAMES_FOR_CLIENT = [
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
] as const satisfies readonly MethodName[];

type Missing = Exclude<MethodName, (typeof METHOD_NAMES_FOR_CLIENT)[number]>;
const _everyMethodListed: [Missing] extends [never] ? true : Missing = true;
void _everyMethodListed;
