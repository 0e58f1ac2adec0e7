/**
 * The single contract between the engine and every client (Electron IPC, the
 * control socket, the dashboard bridge). Each method has a runtime schema for
 * its params and a static type for its result; every transport validates with
 * `parseCall` before anything reaches the engine.
 */
import { z } from './zod.ts';
import { ServiceName, ServiceSpec, Port } from './config/schema.ts';

export { ServiceName, ServiceSpec, Port };
export {
  METHOD_NAMES,
  ENGINE_METHOD_NAMES,
  SHELL_METHOD_NAMES,
  EVENT_NAMES,
  ipcChannel,
  isShellMethod,
  IPC_EVENT_CHANNEL,
  type EngineMethodName,
  type MethodName,
  type Reply,
  type ShellMethodName,
} from './shared/methods.ts';
export { ApiError, ERROR_CODES, toWireError, type ErrorCode, type FieldIssue, type WireError } from './shared/api-error.ts';
import { ApiError, type FieldIssue } from './shared/api-error.ts';
import type { EngineMethodName, EVENT_NAMES, MethodName, ShellMethodName } from './shared/methods.ts';
import type { Finding } from './rivals/finding.ts';
export type { Finding, ForeignDefinition, RivalKind, RivalLocator } from './rivals/finding.ts';
export type { PlanStep, TakeoverPlan } from './takeover/plan-types.ts';
import type { TakeoverPlan } from './takeover/plan-types.ts';
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

export type JsonScalar = string | number | boolean | null;

/** One condition of an http check's `json`, as the last check found it. */
export interface HealthCondition {
  path: string;
  expected: JsonScalar;
  /** The value found (an object or array as cut JSON text); null when the path is missing. */
  actual: JsonScalar;
  found: boolean;
  ok: boolean;
}

/** What the last health check saw, so a person can tell which part is down. */
export interface HealthDetail {
  at: number;
  ok: boolean;
  /** One line: "HTTP 503; components.ghost_runner is \"down\"". */
  summary: string;
  httpStatus: number | null;
  latencyMs: number | null;
  conditions: HealthCondition[];
  /** The JSON body's top level flattened one level: `{"components.ghost_runner": "down", "overall_status": "degraded"}`. */
  components: Record<string, JsonScalar>;
  /** The start of the body, at most 2 KB; null for tcp and exec checks. */
  body: string | null;
}

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
  /** The last health check's findings; null before the first check of the current run, or without a check. */
  healthDetail: HealthDetail | null;
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
  /** Since when it has been down (backoff, failed, blocked) without being up in between; null when not down. */
  downSince: number | null;
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

export const HISTORY_KINDS = ['transition', 'health', 'port', 'crash', 'restart', 'config', 'engine'] as const;

export interface HistoryEntry {
  at: number;
  service: string;
  from: ServiceState | null;
  /** The service's state after the entry (for `engine` entries: its state as the engine saw it then). */
  to: ServiceState;
  reason: string;
  kind: (typeof HISTORY_KINDS)[number];
  /** The health verdict at the time, so a picture of the past can tell healthy from unhealthy. */
  health?: Health;
  /** Only on `engine` entries: Upkeep itself started or stopped (between the two, nobody watched). */
  engine?: 'started' | 'stopped';
}

/** One metrics sample of a service's whole process tree. */
export interface MetricsSample {
  at: number;
  /** Percent of one core. */
  cpu: number;
  /** Resident memory, bytes. */
  memory: number;
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

/** `pm2:APP`, `supervisord:PROGRAM`, `systemd:UNIT`, `launchd:LABEL`, `cron:FILE:LINE`, `watchdog:PID`. */
export const RivalRef = z
  .string()
  .max(4096)
  .regex(/^(pm2|supervisord|systemd|launchd|cron|watchdog):.+$/, 'must be pm2:APP, supervisord:PROGRAM, systemd:UNIT, launchd:LABEL, cron:FILE:LINE or watchdog:PID');

const takeoverTarget = {
  /** The Upkeep service; with `from`, the name to give it (default: the rival's). */
  name: ServiceName.optional(),
  /** The rival, for something Upkeep has no definition for yet. */
  from: RivalRef.optional(),
};
const needsTarget = { message: 'give the service name, or from (pm2:APP, cron:FILE:LINE, …)' };
const targeted = z.object({ name: Target }).strict();

/** Params schema for every engine method. */
export const engineMethods = {
  list: z
    .object({
      metrics: z.boolean().optional(),
      // false: the caller shows no duplicates (the CLI reading stop timeouts before an action),
      // so the list does not start a process-table scan for them.
      copies: z.boolean().optional(),
    })
    .strict(),
  start: targeted,
  stop: targeted,
  restart: targeted,
  restore: targeted,
  logs: z
    .object({ name: ServiceName, lines: z.number().int().min(0).max(100_000).optional() })
    .strict(),
  history: z
    .object({
      name: ServiceName,
      /** Only entries at or after this time (ms since the epoch). */
      since: z.number().int().min(0).optional(),
    })
    .strict(),
  recentUsage: z.object({ name: ServiceName, since: z.number().int().min(0).optional() }).strict(),
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
  subscribe: z
    .object({
      services: z.boolean().optional(),
      logs: z.array(ServiceName).max(64).optional(),
      metrics: z.boolean().optional(),
    })
    .strict(),
  shutdown: z.object({ stopServices: z.boolean() }).strict(),
  doctor: z.object({ name: ServiceName.optional() }).strict(),
  /** What a takeover (or with `undo`, its undo) would do; changes nothing. */
  takeoverPlan: z
    .object({ ...takeoverTarget, undo: z.boolean().optional() })
    .strict()
    .refine((p) => p.name !== undefined || p.from !== undefined, needsTarget)
    .refine((p) => !(p.undo && p.from !== undefined), { message: 'an undo takes the service name, not from' }),
  /** Carries out the plan with this id (from takeoverPlan); refused when the plan changed since. */
  takeover: z
    .object({ ...takeoverTarget, planId: z.string().regex(/^[0-9a-f]{16}$/, 'must be the planId of a takeoverPlan') })
    .strict()
    .refine((p) => p.name !== undefined || p.from !== undefined, needsTarget),
  undoTakeover: named,
} as const;

/** Params schema for every shell method (answered by the desktop app, or refused headless). */
export const shellMethods = {
  getSettings: z.object({}).strict(),
  setSettings: z
    .object({ startAtLogin: z.boolean().optional(), notifications: z.boolean().optional() })
    .strict(),
} as const;

export const methods = { ...engineMethods, ...shellMethods } as const;

// The zod-free name lists and the schemas must name the same methods.
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
const _sameEngine: Same<keyof typeof engineMethods, EngineMethodName> = true;
const _sameShell: Same<keyof typeof shellMethods, ShellMethodName> = true;
void _sameEngine;
void _sameShell;
export type Params<M extends MethodName> = z.infer<(typeof methods)[M]>;

export interface Results {
  list: ListResult;
  start: ActionResult;
  stop: ActionResult;
  restart: ActionResult;
  restore: ActionResult;
  logs: { lines: string[]; path: string };
  /** Oldest first. */
  history: { entries: HistoryEntry[] };
  /** The samples the engine took in the last 10 minutes (only while someone looked), oldest first. */
  recentUsage: { samples: MetricsSample[]; intervalMs: number };
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
  doctor: DoctorResult;
  takeoverPlan: TakeoverPlan;
  takeover: ActionResult;
  undoTakeover: ActionResult;
}

/** What `doctor` found: every rival of the services asked about, and what it could not read (a plist that does not parse). */
export interface DoctorResult {
  findings: Finding[];
  notes: string[];
}

/** What a client can call: the engine's methods and the shell's, merged at the transport. */
export type Api = { [M in MethodName]: (params: Params<M>) => Promise<Results[M]> };
/** What the engine (or anything standing in for it) implements. */
export type EngineApi = Pick<Api, EngineMethodName>;
/** What the desktop shell implements (a headless engine has a stand-in that says they belong to the app). */
export type ShellApi = Pick<Api, ShellMethodName>;

/** Events pushed to subscribed clients. */
export interface Events {
  service: { status: ServiceStatus; entry: HistoryEntry | null };
  removed: { name: string };
  log: { name: string; lines: string[] };
  notice: { level: 'info' | 'warn' | 'error'; message: string; service?: string };
}
export type EventName = keyof Events;
const _sameEvents: Same<EventName, (typeof EVENT_NAMES)[number]> = true;
void _sameEvents;

type Issue = z.core.$ZodIssue;

/**
 * A value that fits no branch of a union (one condition or a list of them)
 * gets zod's bare "Invalid input". The branch of the value's own shape says
 * what is wrong inside it: its issues are used instead, under the union's path.
 */
export function explainUnions(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const sameShape = issue.errors.find((branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
    if (!sameShape) return [issue];
    return explainUnions(sameShape.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return explainUnions(error.issues).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Turns zod issues into one readable line: `spec.port: must be ≤ 65535`. */
export function describeIssues(error: z.ZodError): string {
  return explainUnions(error.issues)
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
export interface EngineHandle extends Omit<EngineApi, 'subscribe'> {
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

