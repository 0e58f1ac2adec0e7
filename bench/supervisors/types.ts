/** What every supervisor under test offers the benchmarks: the same few verbs, each its own real CLI. */
export type SupervisorId = 'upkeep' | 'pm2' | 'supervisord';

export interface ServiceDef {
  name: string;
  /** argv, the same for every supervisor (no wrapper, no shell). */
  command: string[];
  /** The HTTP port, passed as PORT. */
  port?: number;
  env?: Record<string, string>;
  /** false: registered but started later with startService. */
  autostart?: boolean;
  /** An HTTP check of PORT's path this often: Upkeep only (the peers have no HTTP checks), for the soak. */
  health?: { path: string; everyMs: number };
}

export interface Supervisor {
  readonly id: SupervisorId;
  /** The supervisor's own process (Upkeep's daemon, PM2's God daemon, supervisord), valid after start. */
  readonly pid: number;
  /** A fresh home, the daemon, and these services. */
  start(services: ServiceDef[]): Promise<void>;
  startService(name: string): Promise<void>;
  /** Stops the service and keeps it stopped (a crash loop too). */
  stopService(name: string): Promise<void>;
  /** The status command people run, timed end to end; `count` is how many services it listed. */
  status(): Promise<{ ms: number; count: number }>;
  /** The supervisor's word for the service's state (failed, errored, FATAL, …). */
  state(name: string): Promise<string>;
  /** Where the service's stdout ends up. */
  logPath(name: string): string;
  /** Stops services and daemon, by pid, through the supervisor's own CLI first. */
  close(): Promise<void>;
}

export const LABELS: Record<SupervisorId, string> = { upkeep: 'Upkeep', pm2: 'PM2', supervisord: 'supervisord' };
