/**
 * A small in-memory stand-in for the engine, enough to drive the dashboard
 * bridge and the UI without real processes. The real engine is what the e2e
 * suite uses; this one exists so transport tests stay fast and focused.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import {
  ApiError,
  type ActionResult,
  type EngineHandle,
  type DoctorResult,
  type EngineInfo,
  type Finding,
  type EventName,
  type HealthDetail,
  type Events,
  type HistoryEntry,
  type ListResult,
  type MetricsSample,
  type ServiceSpecType,
  type ServiceState,
  type ServiceStatus,
  type TakeoverPlan,
} from '../../app/api.ts';

/** Never created: the fake engine only names paths inside it. */
const FAKE_DATA_DIR = path.join(os.tmpdir(), 'upkeep-fake-engine');

export class FakeEngine implements EngineHandle {
  readonly events = new EventEmitter();
  readonly services = new Map<string, ServiceStatus>();
  readonly logLines = new Map<string, string[]>();
  readonly historyEntries = new Map<string, HistoryEntry[]>();
  readonly metricsSamples = new Map<string, MetricsSample[]>();
  readonly calls: string[] = [];
  /** Takeover plans by service name (or `from`), as a test sets them up. */
  readonly plans = new Map<string, TakeoverPlan>();
  metricsHolders = 0;
  /** Set by a test to stand for an invalid config.json (shown in info, refused by reload). */
  configError: string | null = null;
  /** What `doctor` reports (tests put findings here). */
  findings: Finding[] = [];
  private readonly started = Date.now();

  constructor(specs: ServiceSpecType[] = []) {
    for (const spec of specs) this.put(spec, 'running');
  }

  put(spec: ServiceSpecType, state: ServiceState, patch: Partial<ServiceStatus> = {}): ServiceStatus {
    const status: ServiceStatus = {
      name: spec.name,
      state,
      health: spec.health ? 'healthy' : 'unknown',
      healthDetail: spec.health && state === 'running' ? passingDetail(spec.health.kind) : null,
      pid: state === 'running' ? 10_000 + this.services.size : null,
      port: spec.port ?? null,
      configuredPort: spec.port ?? null,
      restarts: 0,
      runs: 0,
      waitingFor: null,
      uptimeMs: state === 'running' ? 1000 : null,
      downSince: null,
      lastExit: null,
      nextStartAt: null,
      reason: state === 'running' ? 'started' : 'stopped by user',
      problem: null,
      duplicates: [],
      cpu: null,
      memory: null,
      processes: null,
      adopted: false,
      logPath: path.join(FAKE_DATA_DIR, 'logs', `${spec.name}.log`),
      spec,
      ...patch,
    };
    this.services.set(spec.name, status);
    if (!this.logLines.has(spec.name)) this.logLines.set(spec.name, []);
    return status;
  }

  /** Changes a service and tells subscribers, as the engine does on every transition. */
  transition(name: string, state: ServiceState, patch: Partial<ServiceStatus> = {}): void {
    const before = this.get(name);
    const status: ServiceStatus = { ...before, ...patch, state };
    this.services.set(name, status);
    const entry: HistoryEntry = { at: Date.now(), service: name, from: before.state, to: state, reason: status.reason, kind: 'transition' };
    this.historyEntries.set(name, [...(this.historyEntries.get(name) ?? []), entry]);
    this.emit('service', { status, entry });
  }

  appendLog(name: string, lines: string[]): void {
    this.logLines.get(name)?.push(...lines);
    this.events.emit(`log:${name}`, lines);
  }

  emit<E extends EventName>(event: E, data: Events[E]): void {
    this.events.emit(event, data);
  }

  private get(name: string): ServiceStatus {
    const status = this.services.get(name);
    if (!status) throw new ApiError('not-found', `no service named "${name}"`);
    return status;
  }

  private action(name: string, state: ServiceState, reason: string): ActionResult {
    const names = name === 'all' ? [...this.services.keys()] : [name];
    for (const n of names) this.transition(n, state, { reason, pid: state === 'running' ? 20_000 : null });
    return { steps: names.map((n) => `${n}: ${reason}`), services: names.map((n) => this.get(n)) };
  }

  info(): EngineInfo {
    return { pid: process.pid, version: '0.0.0-fake', dataDir: FAKE_DATA_DIR, configError: this.configError, startedAt: this.started, notices: [] };
  }

  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  followLogs(name: string, listener: (lines: string[]) => void): () => void {
    this.events.on(`log:${name}`, listener);
    return () => this.events.off(`log:${name}`, listener);
  }

  holdMetrics(): () => void {
    this.metricsHolders += 1;
    return () => {
      this.metricsHolders -= 1;
    };
  }

  private closedResolve: () => void = () => {};
  private readonly closed = new Promise<void>((resolve) => (this.closedResolve = resolve));
  async close(): Promise<void> {
    this.closedResolve();
  }
  whenClosed(): Promise<void> {
    return this.closed;
  }

  async list(): Promise<ListResult> {
    this.calls.push('list');
    return { engine: this.info(), aggregate: 'up', services: [...this.services.values()] };
  }
  async start({ name }: { name: string }): Promise<ActionResult> {
    return this.action(name, 'running', 'started by user');
  }
  async stop({ name }: { name: string }): Promise<ActionResult> {
    return this.action(name, 'stopped', 'stopped by user');
  }
  async restart({ name }: { name: string }): Promise<ActionResult> {
    return this.action(name, 'running', 'restarted by user');
  }
  async restore({ name }: { name: string }): Promise<ActionResult> {
    return this.action(name, 'running', 'restored');
  }
  async logs({ name, lines }: { name: string; lines?: number }): Promise<{ lines: string[]; path: string }> {
    const all = this.logLines.get(this.get(name).name) ?? [];
    return { lines: all.slice(-(lines ?? 200)), path: this.get(name).logPath };
  }
  async history({ name, since }: { name: string; since?: number }): Promise<{ entries: HistoryEntry[] }> {
    this.get(name);
    return { entries: (this.historyEntries.get(name) ?? []).filter((e) => e.at >= (since ?? 0)) };
  }
  async recentUsage({ name, since }: { name: string; since?: number }): Promise<{ samples: MetricsSample[]; intervalMs: number }> {
    this.get(name);
    return { samples: (this.metricsSamples.get(name) ?? []).filter((s) => s.at > (since ?? 0)), intervalMs: 2_000 };
  }
  async setPort({ name, port, auto, reset }: { name: string; port?: number; auto?: boolean; reset?: boolean }): Promise<ActionResult> {
    const status = this.get(name);
    const next = reset ? status.configuredPort : (port ?? (auto ? (status.configuredPort ?? 5000) + 1 : status.port));
    this.transition(name, 'running', { port: next, problem: null, reason: `moved to port ${next}` });
    return { steps: [`${name}: port ${next}`], services: [this.get(name)] };
  }
  async stopPortOwner({ name }: { name: string }): Promise<ActionResult> {
    return this.action(name, 'running', 'stopped the stale copy');
  }
  async addService({ spec }: { spec: ServiceSpecType }): Promise<ActionResult> {
    if (this.services.has(spec.name)) {
      throw new ApiError('conflict', `a service named "${spec.name}" exists`, [{ path: 'spec.name', message: 'already taken' }]);
    }
    const status = this.put(spec, 'stopped');
    this.emit('service', { status, entry: null });
    return { steps: [`added ${spec.name}`], services: [status] };
  }
  async updateService({ spec }: { spec: ServiceSpecType }): Promise<ActionResult> {
    const before = this.get(spec.name);
    const status = this.put(spec, before.state);
    this.emit('service', { status, entry: null });
    return { steps: [`updated ${spec.name}`], services: [status] };
  }
  async removeService({ name }: { name: string }): Promise<ActionResult> {
    this.get(name);
    this.services.delete(name);
    this.emit('removed', { name });
    return { steps: [`removed ${name}`], services: [] };
  }
  async reload(): Promise<ActionResult> {
    if (this.configError) throw new ApiError('bad-request', this.configError);
    return { steps: ['config.json: no changes'], services: [...this.services.values()] };
  }
  async doctor({ name }: { name?: string }): Promise<DoctorResult> {
    if (name !== undefined) this.get(name);
    return { findings: this.findings.filter((f) => name === undefined || f.service === name), notes: [] };
  }
  async shutdown(): Promise<{ ok: true }> {
    return { ok: true };
  }
  private planFor(key: string | undefined): TakeoverPlan {
    const plan = key === undefined ? undefined : this.plans.get(key);
    if (!plan) throw new ApiError('not-found', `no rival of "${key}" was found`);
    return plan;
  }
  async takeoverPlan({ name, from, undo }: { name?: string; from?: string; undo?: boolean }): Promise<TakeoverPlan> {
    this.calls.push('takeoverPlan');
    const plan = this.planFor(from ?? name);
    return undo ? { ...plan, direction: 'undo', findings: [], definition: null, blockers: [] } : plan;
  }
  async takeover({ name, from, planId }: { name?: string; from?: string; planId: string }): Promise<ActionResult> {
    this.calls.push('takeover');
    const plan = this.planFor(from ?? name);
    if (plan.planId !== planId) throw new ApiError('conflict', 'the rival changed since the plan was shown; nothing was changed');
    this.transition(plan.service, 'running', { problem: null, duplicates: [], reason: 'taken over', pid: 20_000 });
    return { steps: plan.steps.map((step) => step.title), services: [this.get(plan.service)] };
  }
  async undoTakeover({ name }: { name: string }): Promise<ActionResult> {
    this.calls.push('undoTakeover');
    return this.action(name, 'stopped', 'handed back');
  }
}

/** What a passing check of each kind reports, as the engine's monitor would. */
function passingDetail(kind: 'tcp' | 'http' | 'exec'): HealthDetail {
  const http = kind === 'http';
  return {
    at: Date.now(),
    ok: true,
    summary: http ? 'HTTP 200' : kind === 'tcp' ? 'port open' : 'exit 0',
    httpStatus: http ? 200 : null,
    latencyMs: 3,
    conditions: [],
    components: {},
    body: http ? '{"status":"ok"}' : null,
  };
}
