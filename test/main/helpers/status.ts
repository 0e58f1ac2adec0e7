/** Builds ServiceStatus / ListResult values for the pure shell tests. */
import type { Aggregate, ListResult, ServiceStatus } from '../../../app/api.ts';

export function status(name: string, overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    name,
    state: 'running',
    health: 'healthy',
    pid: 1234,
    port: null,
    configuredPort: null,
    restarts: 0,
    uptimeMs: 1000,
    lastExit: null,
    nextStartAt: null,
    reason: 'started',
    problem: null,
    duplicates: [],
    cpu: null,
    memory: null,
    processes: null,
    adopted: false,
    logPath: `/tmp/${name}.log`,
    spec: { name, command: ['sleep', '100'] },
    ...overrides,
  };
}

export function list(services: ServiceStatus[], aggregate: Aggregate = 'up', configError: string | null = null): ListResult {
  return {
    engine: { pid: 1, version: '0.0.0', dataDir: '/tmp/upkeep', configError, startedAt: 0 },
    aggregate,
    services,
  };
}
