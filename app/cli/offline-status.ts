/**
 * What `upkeep status` can say with no engine running: the services in
 * config.json, and for each whether its recorded process still runs — a pid
 * is believed only when its start time matches the record (pids get reused).
 */
import type { ServiceSpec, ServiceStatus } from '../api.ts';
import { readConfig } from '../config/store.ts';
import type { DataPaths } from '../paths.ts';
import { readVerifiedRecords, type RunRecord } from '../registry/records.ts';
import { livePort, readRunState } from '../registry/run-state.ts';

export interface OfflineStatus {
  services: ServiceStatus[];
  /** Set when config.json could not be read: the services then come from the run records only. */
  configError: string | null;
}

export function offlineStatus(paths: DataPaths, now = Date.now()): OfflineStatus {
  const config = readConfig(paths);
  const specs = config.ok ? (config.config.services ?? []) : [];
  const records = new Map(readVerifiedRecords(paths).map((record) => [record.name, record]));
  const services = specs.map((spec) => statusOf(paths, spec, records.get(spec.name) ?? null, now));
  // Still running but no longer (or not readably) defined: show it, it holds a port and a pid.
  for (const record of records.values()) {
    if (!specs.some((spec) => spec.name === record.name)) {
      services.push(statusOf(paths, { name: record.name, command: record.command, cwd: record.cwd }, record, now, 'running, but not in config.json'));
    }
  }
  return { services, configError: config.ok ? null : config.error };
}

function statusOf(paths: DataPaths, spec: ServiceSpec, record: RunRecord | null, now: number, note?: string): ServiceStatus {
  const configuredPort = spec.port ?? null;
  const { state } = readRunState(paths, spec.name);
  return {
    name: spec.name,
    state: record ? 'running' : 'stopped',
    health: 'unknown',
    healthDetail: null,
    pid: record?.pid ?? null,
    port: record ? record.port : livePort(spec, state),
    configuredPort,
    restarts: state.restarts,
    runs: state.runs,
    uptimeMs: record ? Math.max(0, now - record.startedAt) : null,
    downSince: null,
    lastExit: state.lastExit,
    nextStartAt: null,
    waitingFor: null,
    reason: note ?? (record ? 'running; no engine supervises it' : 'no engine running'),
    problem: null,
    duplicates: [],
    cpu: null,
    memory: null,
    processes: null,
    adopted: false,
    logPath: record?.logPath ?? paths.log(spec.name),
    spec,
  };
}
