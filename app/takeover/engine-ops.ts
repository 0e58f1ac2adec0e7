/** The engine's own API methods a takeover drives (the same ones every client calls). */
import type { Api } from '../api.ts';

export type EngineOps = Pick<Api, 'list' | 'addService' | 'updateService' | 'removeService' | 'start' | 'stop'>;
