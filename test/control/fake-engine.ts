/** A stand-in EngineHandle for transport tests: records calls, lets a test push events. */
import { ApiError, METHOD_NAMES, type EngineHandle, type EventName, type Events, type ListResult } from '../../app/api.ts';

export interface FakeEngine extends EngineHandle {
  calls: Array<{ method: string; params: unknown }>;
  emit<E extends EventName>(event: E, data: Events[E]): void;
  listenerCount(): number;
}

export const sampleList = (): ListResult => ({
  engine: { pid: process.pid, version: '0.0.0-test', dataDir: '/tmp/x', configError: null, startedAt: 1 },
  aggregate: 'idle',
  services: [],
});

export function fakeEngine(overrides: Partial<Record<string, (params: never) => Promise<unknown>>> = {}): FakeEngine {
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const calls: FakeEngine['calls'] = [];
  const methods: Record<string, (params: unknown) => Promise<unknown>> = {};
  for (const method of METHOD_NAMES) {
    methods[method] = async (params: unknown) => {
      calls.push({ method, params });
      const override = overrides[method] as ((p: unknown) => Promise<unknown>) | undefined;
      if (override) return override(params);
      if (method === 'list') return sampleList();
      throw new ApiError('unavailable', `${method} is not faked`);
    };
  }
  const engine = {
    ...methods,
    calls,
    info: () => sampleList().engine,
    on(event: string, listener: (data: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event: string, data: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(data);
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    followLogs: () => () => {},
    holdMetrics: () => () => {},
    close: async () => {},
  };
  return engine as unknown as FakeEngine;
}
