/**
 * The single contract between the engine and every client (Electron IPC, the
 * control socket, the dashboard bridge). Each method has a runtime schema for
 * its params and a static type for its result; every transport validates with
 * `parseCall` before anything reaches the engine.
 */
import { z } from 'zod';
import { ServiceName, ServiceSpec, Port } from './config/schema.ts';

export { ServiceName, ServiceSpec, Port };
export { METHOD_NAMES, ipcChannel, IPC_EVENT_CHANNEL, type MethodName } from './shared/methods.ts';
export { ApiError, toWireError, type ErrorCode, type FieldIssue, type WireError } from './shared/api-error.ts';
import { ApiError, type FieldIssue } from './shared/api-error.ts';
import type { MethodName } from './shared/methods.ts';
import type { Finding } from './rivals/finding.ts';
export type { Finding, ForeignDefinition, RivalKind, RivalLocator } from './rivals/finding.ts';
export type { ServiceSpec as ServiceSpecType } from './config/schema.ts';

export const SERVICE_STATES = [
  'stopped',
  'starting',
  'running',
  'waiting',
  'backoff',
  'failed',
  'blocked',
  'stopping',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export type Health = 'healthy' | 'unhealthy' | 'unknown';

/** Who owns a port, and what Upkeep makes of that owner. */
export type OwnerClass = 'stale-copy' | 'upkeep-service' | 'supervised' | 'stranger' | 'unknown';

export interface ProcessInfo {
  pid: number;
  command: string;
}

/** A process Upkeep found and judged: a port's owner, or a copy of a service's command. */
export interface ClassifiedProcess extends ProcessInfo {
  class: OwnerClass;
  /** For `supervised`: which supervisor or rival kind (pm2, supervisord, systemd, launchd, cron, watchdog). */
  supervisor?: string;
  /** For `supervised`: which app, unit, file:line or pid runs it ("app ghost, id 0"). */
  via?: string;
  /** For `upkeep-service` / `stale-copy`: the service it belongs to. */
  service?: string;
}

export type PortOwner = ClassifiedProcess;

export type Problem =
  | { kind: 'port-conflict'; port: number; owner: PortOwner | null; nextFreePort: number | null }
  | { kind: 'config'; message: string }
  | { kind: 'spawn'; message: string }
  | { kind: 'log'; message: string }
  | { kind: 'too-many-processes'; processes: number; limit: number }
  /** Something outside Upkeep started the service again (after a stop, or alongside it). */
  | { kind: 'rival'; finding: Finding };

export interface LastExit {
  code: number | null;
  signal: string | null;
  at: number;
}

/** What a waiting service will start on: the relaunch delay, a trigger (a file in a queue folder, a changed path) or its schedule. */
export interface WaitingFor {
  kind: 'relaunch' | 'trigger' | 'schedule';
  /** In words: "waiting for queue/ (empty)", "next run 14:05", "relaunch in 1 s". */
  detail: string;
  /** When it starts, if that is known (not for a trigger). */
  at: number | null;
}

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  health: Health;
  pid: number | null;
  /** The port the service runs on now (the reassigned one, if any). */
  port: number | null;
  /** The port written in the definition. */
  configuredPort: number | null;
  /** Starts caused by crashes, failed health checks, limits and the user's restarts. */
  restarts: number;
  /** Starts after a clean exit: relaunches, triggers, scheduled runs. */
  runs: number;
  uptimeMs: number | null;
  lastExit: LastExit | null;
  /** When a relaunch is scheduled (waiting / backoff / failed with retries). */
  nextStartAt: number | null;
  /** Set while waiting: what the next start waits for. */
  waitingFor: WaitingFor | null;
  /** Why the service is in its state, in words ("exited with code 1", "stopped by user"). */
  reason: string;
  problem: Problem | null;
  /** Copies of this service's command that the engine does not own. */
  duplicates: ClassifiedProcess[];
  /** Whole process tree; null until someone looks (metrics are sampled on demand). */
  cpu: number | null;
  memory: number | null;
  processes: number | null;
  adopted: boolean;
  logPath: string;
  spec: ServiceSpec;
}

export interface EngineInfo {
  pid: number;
  version: string;
  dataDir: string;
  /** Set when config.json could not be read or validated: the file, the field, the problem. */
  configError: string | null;
  startedAt: number;
  /** The latest notices (bounded), so a client that connects later still sees what happened at boot. */
  notices: Array<Events['notice'] & { at: number }>;
}

export type Aggregate = 'up' | 'degraded' | 'down' | 'idle';

export interface ListResult {
  engine: EngineInfo;
  aggregate: Aggregate;
  services: ServiceStatus[];
}

export interface HistoryEntry {
  at: number;
  service: string;
  from: ServiceState | null;
  to: ServiceState;
  reason: string;
  kind: 'transition' | 'health' | 'port' | 'crash' | 'restart' | 'config';
}

export interface ActionResult {
  /** What was done, one line per step, in order (Restore prints these). */
  steps: string[];
  services: ServiceStatus[];
}

export interface Settings {
  startAtLogin: boolean | null;
  notifications: boolean | null;
}

export const Target = z.union([ServiceName, z.literal('all')]);

const named = z.object({ name: ServiceName }).strict();
const targeted = z.object({ name: Target }).strict();

/** Params schema for every method. */
export const methods = {
  list: z.object({ metrics: z.boolean().optional() }).strict(),
  start: targeted,
  stop: targeted,
  restart: targeted,
  restore: targeted,
  logs: z
    .object({ name: ServiceName, lines: z.number().int().min(0).max(100_000).optional() })
    .strict(),
  history: named,
  setPort: z
    .object({
      name: ServiceName,
      port: Port.optional(),
      auto: z.boolean().optional(),
      reset: z.boolean().optional(),
    })
    .strict()
    .refine((p) => [p.port !== undefined, p.auto === true, p.reset === true].filter(Boolean).length === 1, {
      message: 'give exactly one of port, auto or reset',
    }),
  stopPortOwner: named,
  addService: z.object({ spec: ServiceSpec }).strict(),
  updateService: z.object({ spec: ServiceSpec }).strict(),
  removeService: named,
  /** Re-read config.json now; refused (bad-request) with the file, service and field when it is invalid. */
  reload: z.object({}).strict(),
  getSettings: z.object({}).strict(),
  setSettings: z
    .object({ startAtLogin: z.boolean().optional(), notifications: z.boolean().optional() })
    .strict(),
  subscribe: z
    .object({
      services: z.boolean().optional(),
      logs: z.array(ServiceName).max(64).optional(),
      metrics: z.boolean().optional(),
    })
    .strict(),
  shutdown: z.object({ stopServices: z.boolean() }).strict(),
} as const;

// The zod-free name list and the schemas must name the same methods.
type SchemaNames = keyof typeof methods;
const _sameMethods: [Exclude<SchemaNames, MethodName>, Exclude<MethodName, SchemaNames>] extends [never, never] ? true : never = true;
void _sameMethods;
export type Params<M extends MethodName> = z.infer<(typeof methods)[M]>;

export interface Results {
  list: ListResult;
  start: ActionResult;
  stop: ActionResult;
  restart: ActionResult;
  restore: ActionResult;
  logs: { lines: string[]; path: string };
  history: { entries: HistoryEntry[] };
  setPort: ActionResult;
  stopPortOwner: ActionResult;
  addService: ActionResult;
  updateService: ActionResult;
  removeService: ActionResult;
  reload: ActionResult;
  getSettings: Settings;
  setSettings: Settings;
  subscribe: { ok: true };
  shutdown: { ok: true };
}

/** What the engine (or anything standing in for it) implements. */
export type Api = { [M in MethodName]: (params: Params<M>) => Promise<Results[M]> };

/** Events pushed to subscribed clients. */
export interface Events {
  service: { status: ServiceStatus; entry: HistoryEntry | null };
  removed: { name: string };
  log: { name: string; lines: string[] };
  notice: { level: 'info' | 'warn' | 'error'; message: string; service?: string };
}
export type EventName = keyof Events;

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Turns zod issues into one readable line: `spec.port: must be ≤ 65535`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export type Call = { [M in MethodName]: { method: M; params: Params<M> } }[MethodName];

/** Validates an untrusted (method, params) pair; throws ApiError('bad-request') on anything off. */
export function parseCall(method: unknown, params: unknown): Call {
  if (typeof method !== 'string' || !Object.hasOwn(methods, method)) {
    throw new ApiError('bad-request', `unknown method ${JSON.stringify(method)}`);
  }
  const schema = methods[method as MethodName];
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    throw new ApiError('bad-request', `${method}: ${describeIssues(parsed.error)}`, fieldIssues(parsed.error));
  }
  return { method, params: parsed.data } as Call;
}

/** Runs a validated call against an implementation. */
export function invoke(api: Api, call: Call): Promise<unknown> {
  const fn = api[call.method] as (p: unknown) => Promise<unknown>;
  return fn.call(api, call.params);
}


/**
 * The engine as a transport sees it: the API plus event subscription and the
 * two on-demand feeds (log follow, metrics) that cost something only while
 * somebody looks.
 */
export interface EngineHandle extends Omit<Api, 'subscribe'> {
  info(): EngineInfo;
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
  /** Follows a service's log from its current end; returns the unfollow function. */
  followLogs(name: string, listener: (lines: string[]) => void): () => void;
  /** Keeps metrics sampling on while held (they sample only while someone looks). */
  holdMetrics(): () => void;
  /** Ends the engine; services keep running unless asked to stop (they are adopted next time). */
  close(options?: { stopServices?: boolean }): Promise<void>;
  /** Resolves once the engine has closed, by `close` or by a client's `shutdown` call. */
  whenClosed(): Promise<void>;
}


/**
 * What the renderer talks to, whichever transport carries it: `window.upkeep`
 * in the app (the preload builds one method per API method on the IPC
 * channels `upkeep:<method>`), or the WebSocket client of the dashboard.
 * Methods reject with a `BridgeError`-shaped error (`code`, `message`, `fields`).
 */
export type Bridge = Api & {
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
};

