/** ServiceStatus / ListResult values for the pure shell tests, built by the dashboard's FakeEngine. */
import type { Aggregate, ListResult, ServiceStatus } from '../../../app/api.ts';
import { FakeEngine } from '../../dashboard/fake-engine.ts';

/** A running, healthy service unless `overrides` says otherwise. */
export function status(name: string, overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return new FakeEngine().put({ name, command: ['sleep', '100'] }, overrides.state ?? 'running', { health: 'healthy', pid: 1234, ...overrides });
}

export function list(services: ServiceStatus[], aggregate: Aggregate = 'up', configError: string | null = null): ListResult {
  return {
    engine: { pid: 1, version: '0.0.0', dataDir: '/tmp/upkeep', configError, startedAt: 0, notices: [] },
    aggregate,
    services,
  };
}
