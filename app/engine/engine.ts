/**
 * The engine: one ServiceRunner per configured service, the API every client
 * calls, and the events they subscribe to. It owns the data dir's lock, adopts
 * services left running by an earlier engine, and keeps config.json, the run
 * records and the logs consistent.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import {
  ApiError,
  type ActionResult,
  type EngineHandle,
  type EngineInfo,
  type EventName,
  type Events,
  type HistoryEntry,
  type ListResult,
  type Params,
  type Results,
  type Problem,
  type ServiceStatus,
} from '../api.ts';
import { RESTART_DEFAULTS, LOG_DEFAULTS } from '../config/defaults.ts';
import type { ServiceSpec } from '../config/schema.ts';
import {
  addServiceToConfig,
  readConfig,
  type ConfigRead,
  removeServiceFromConfig,
  replaceServiceInConfig,
  stripLegacyRunState,
  updateConfig,
  type LegacyRunState,
} from '../config/store.ts';
import { acquireEngineLock, type EngineLock } from '../lock/engine-lock.ts';
import { followFile } from '../logs/follow.ts';
import { tailLines } from '../logs/tail.ts';
import { dataPaths, type DataPaths } from '../paths.ts';
import { readRecords, removeRecord } from '../registry/records.ts';
import { readRunState, removeRunState, writeRunState } from '../registry/run-state.ts';
import { ServiceHealth } from '../health/service-health.ts';
import { MetricsWatch } from '../metrics/limits.ts';
import { PortGuard } from '../ports/port-guard.ts';
import { CopyScanner } from '../copies/copy-scanner.ts';
import { isSameProcess, processStartTime } from '../os/identity.ts';
import { TAG, findRunTops, isRunLeader } from '../runs/tags.ts';
import { ServiceRunner, type Change } from '../supervisor/service-runner.ts';
import type { RestartTiming } from '../supervisor/restart-policy.ts';
import { aggregateOf } from '../shared/tone.ts';
import { watchConfigFile } from '../config/watch.ts';
import { planReload, needsRestart } from './config-reload.ts';
import { MemoryTrim } from './memory-trim.ts';
import { Journal } from '../history/journal.ts';
import { RecentUsage } from '../metrics/recent.ts';
import { METRICS_INTERVAL_MS } from '../metrics/sampler.ts';
import { DownSince } from './down-since.ts';
import { LogRotation } from './log-rotation.ts';
import { LostRuns } from './lost-runs.ts';
import { restore } from './restore.ts';
import { VERSION } from '../version.ts';
import { assertSupportedPlatform } from '../platform-support.ts';
import type { ProcessEntry } from '../os/table.ts';
import type { RivalTarget } from '../rivals/context.ts';
import { rivalOf } from '../rivals/rival-of.ts';
import { RivalWatch, rivalSeams, type RivalOptions } from '../rivals/rival-watch.ts';
import { starterOf } from '../shared/rival-text.ts';
import { Takeovers, type TakeoverSeams } from '../takeover/takeovers.ts';

const RECENT_NOTICES = 20;

export interface EngineOptions {
  dataDir: string;
  /** Fill an empty config with the example services on first run. */
  seedExamples?: boolean;
  /** Tests shorten the restart timings; people get the defaults. */
  timing?: Partial<RestartTiming>;
  env?: NodeJS.ProcessEnv;
  /** Rival detection (doctor, never fighting PM2 & co.); `false` or UPKEEP_RIVALS=off turns it off. */
  rivals?: RivalOptions | false;
  /** Detection and the tools a takeover runs (tests record systemctl/launchctl here). */
  takeover?: TakeoverSeams;
}

export class Engine implements EngineHandle {
  private readonly paths: DataPaths;
  private readonly runners = new Map<string, ServiceRunner>();
  private readonly events = new EventEmitter();
  private readonly journal: Journal;
  private readonly downSince = new DownSince();
  private readonly samples = new RecentUsage();
  private readonly lock: EngineLock;
  private readonly rotation: LogRotation;
  private readonly ports: PortGuard;
  private readonly health: ServiceHealth;
  private readonly copies: CopyScanner;
  private readonly metrics: MetricsWatch;
  private readonly rivals: RivalWatch;
  private readonly takeovers: Takeovers;
  private readonly timing: RestartTiming;
  private readonly memoryTrim = new MemoryTrim();
  private readonly baseEnv: NodeJS.ProcessEnv;
  private configError: string | null = null;
  /** While config.json is invalid: the services it names (or all, when none can be told apart), shown as their problem. */
  private readonly configProblems = new Map<string, Extract<Problem, { kind: 'config' }>>();
  private unwatchConfig: () => void = () => undefined;
  private reloading: Promise<unknown> = Promise.resolve();
  private readonly recentNotices: EngineInfo['notices'] = [];
  private readonly startedAt = Date.now();
  private closing: Promise<void> | null = null;
  private resolveClosed: () => void = () => undefined;
  private readonly closed = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });

  private constructor(options: EngineOptions, lock: EngineLock) {
    this.paths = dataPaths(options.dataDir);
    this.lock = lock;
    this.timing = { ...RESTART_DEFAULTS, ...options.timing };
    this.baseEnv = stripEngineEnv(options.env ?? process.env);
    this.events.setMaxListeners(0);
    this.journal = new Journal(this.paths, (message, service) => this.notice('warn', message, service));
    this.rotation = new LogRotation(this.paths.logsDir, (message) => this.notice('warn', message));
    const around = {
      paths: this.paths,
      runners: () => [...this.runners.values()],
      notice: (level: Events['notice']['level'], message: string, service?: string) => this.notice(level, message, service),
      rivals: () => this.rivals.recent(),
      knownRivals: () => this.rivals.all(),
    };
    this.ports = new PortGuard(around);
    const touched = (runner: ServiceRunner) => this.emitStatus(runner, null);
    this.copies = new CopyScanner({ ...around, touched });
    this.metrics = new MetricsWatch({ ...around, touched, sampled: (usage, at) => this.keepSamples(usage, at), recentTable: () => this.copies.recentTable() });
    this.health = new ServiceHealth({ touched });
    // `takeover NAME` retires what detection finds (doctor's findings for that service), unless a test hands in its own.
    const findRivals = async (spec: ServiceSpec) => (await this.doctor({ name: spec.name })).findings;
    this.takeovers = new Takeovers({ paths: this.paths, env: this.baseEnv, ops: this, seams: { findRivals, ...options.takeover } });
    this.copies.onNewCopies((runner) => this.rivals.soon(runner.name));
    const lostRuns = new LostRuns({ notice: around.notice, touched });
    this.copies.onLostRun((runner, run) => lostRuns.stop(runner, run));
    const env = options.env ?? process.env;
    this.rivals = new RivalWatch(rivalSeams(options.rivals, env), options.rivals || {}, {
      targets: () => [...this.runners.values()].map((runner) => this.targetOf(runner)),
      ownedRuns: () => [...this.runners.values()].flatMap((runner) => (runner.pid === null ? [] : [runner.pid])),
      changed: (names) => {
        // Copies are classed by the findings: class them again, then tell clients.
        void this.copies.refresh().finally(() => {
          for (const name of names) {
            const runner = this.runners.get(name);
            if (runner) this.emitStatus(runner, null);
          }
        });
      },
      startedAgain: (name, copy) => void this.startedAgain(name, copy).catch((error: Error) => this.notice('warn', `${name}: looking for who started it: ${error.message}`, name)),
    });
  }

  private targetOf(runner: ServiceRunner): RivalTarget {
    return { name: runner.name, command: runner.spec.command, cwd: runner.cwd, shell: runner.spec.shell, port: runner.port };
  }

  /**
   * A stopped service's command runs again, started by someone else: say who
   * (the finding goes into the problem, the notice into a notification). The
   * state stays stopped: Upkeep did not start it and does not fight it.
   */
  private async startedAgain(name: string, copy: ProcessEntry): Promise<void> {
    const runner = this.runners.get(name);
    if (!runner || runner.state !== 'stopped' || this.closing) return;
    // A watchdog is named from the table alone; PM2, cron & co. need the full run.
    const quick = await this.rivals.quick();
    let finding = quick ? rivalOf(quick.findings.filter((f) => f.service === name), quick.table, copy.pid) : null;
    if (!finding) {
      const full = await this.rivals.detect();
      finding = full ? rivalOf(this.rivals.findingsOf(name), full.table, copy.pid) : null;
    } else {
      void this.rivals.detect().catch(() => undefined);
    }
    // Matched as the copy's ancestor, the finding runs this copy even if its snapshot did not class it as one.
    if (finding && finding.copyPid === null) finding = { ...finding, copyPid: copy.pid };
    await this.copies.refresh();
    if (runner.state !== 'stopped' || this.closing) return;
    const message = `${name} was started again by ${starterOf(finding, copy.pid)}`;
    if (finding) runner.raise({ kind: 'rival', finding }, message);
    else this.emitStatus(runner, null);
    this.notice('warn', message, name);
  }

  /** Takes the lock (or throws EngineLockedError), loads the config, adopts what still runs, starts the rest. */
  static async start(options: EngineOptions): Promise<Engine> {
    assertSupportedPlatform();
    const paths = dataPaths(options.dataDir);
    mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
    const lock = acquireEngineLock(paths.lock);
    const engine = new Engine(options, lock);
    try {
      await engine.boot(options);
    } catch (error) {
      lock.release();
      throw error;
    }
    return engine;
  }

  private async boot(options: EngineOptions): Promise<void> {
    if (options.seedExamples) await this.seedExamples();
    const specs = this.loadSpecs();
    for (const spec of specs) this.runners.set(spec.name, this.createRunner(spec));
    this.journal.opened([...this.runners.values()]);

    const { records, warnings } = readRecords(this.paths);
    for (const warning of warnings) this.notice('warn', warning);
    for (const record of records) {
      const runner = this.runners.get(record.name);
      if (!isSameProcess(record.pid, record.startTime)) {
        // The pid is gone or now belongs to someone else: forget it, touch nothing.
        removeRecord(this.paths, record.name);
        continue;
      }
      if (!runner) {
        this.notice('warn', `pid ${record.pid} runs removed service "${record.name}"; left alone`);
        continue;
      }
      runner.adopt(record);
    }
    await this.adoptUnrecorded();
    // What an earlier engine or a watchdog left behind shows from the first status on.
    await this.copies.refresh();
    this.definitionsChanged();
    this.rotation.start();
    for (const runner of this.runners.values()) {
      if (runner.state === 'stopped' && runner.spec.autostart !== false) void this.autostart(runner, 'autostart');
    }
    this.unwatchConfig = watchConfigFile(
      this.paths.config,
      () => void this.reload({}).catch(() => undefined),
      (message) => this.notice('warn', message),
    );
    this.rivals.start();
  }

  /**
   * A run whose record is missing or unreadable (engine killed right after a
   * spawn, a truncated file) is still found by its environment tags and
   * adopted, so no second copy starts.
   */
  private async adoptUnrecorded(): Promise<void> {
    // Only a run's own root is adopted; a child a crashed run left behind is a leftover (listed as a duplicate).
    const roots = (await findRunTops(this.paths.dataDir)).filter(isRunLeader);
    for (const root of roots) {
      const runner = root.service ? this.runners.get(root.service) : undefined;
      const startTime = processStartTime(root.pid);
      if (!runner || runner.pid !== null || !startTime || !root.runId) continue;
      this.notice('warn', `${runner.name}: found running as pid ${root.pid} without a run record; adopted`, runner.name);
      runner.adopt({
        name: runner.name,
        pid: root.pid,
        startTime,
        pgid: root.pgid,
        port: runner.port,
        logPath: runner.logPath,
        command: runner.spec.command,
        cwd: runner.cwd,
        startedAt: Date.now(),
        runId: root.runId,
      });
    }
  }

  private loadSpecs(): ServiceSpec[] {
    const read = readConfig(this.paths);
    if (!read.ok) {
      this.configBroken(read);
      return [];
    }
    this.moveOutRunState(read.legacyRunState);
    return read.config.services ?? [];
  }

  /** An invalid file changes nothing: the running definitions stay, and each service it names shows why. */
  private configBroken(read: Extract<ConfigRead, { ok: false }>): void {
    const repeated = this.configError === read.error;
    this.configError = read.error;
    this.configProblems.clear();
    const named = read.services.filter((name) => this.runners.has(name));
    for (const name of named.length > 0 ? named : [...this.runners.keys()]) this.configProblems.set(name, { kind: 'config', message: read.error });
    if (repeated) return;
    this.notice('error', `${read.error}; nothing was applied, the services keep their last good definitions`);
    for (const name of this.configProblems.keys()) this.touch(name);
  }

  private configMended(): void {
    if (this.configError === null) return;
    this.configError = null;
    const names = [...this.configProblems.keys()];
    this.configProblems.clear();
    this.notice('info', `${this.paths.config} is valid again`);
    for (const name of names) this.touch(name);
  }

  private touch(name: string): void {
    const runner = this.runners.get(name);
    if (runner) this.emitStatus(runner, null);
  }

  /**
   * Older versions wrote the reassigned port into config.json. It is run
   * state: move it to state/<name>.json and take it out of the file (a copy
   * of the file as it was is kept beside it), with a notice saying so.
   */
  private moveOutRunState(legacy: LegacyRunState[]): void {
    if (legacy.length === 0) return;
    for (const { name, assignedPort } of legacy) {
      const { state } = readRunState(this.paths, name);
      writeRunState(this.paths, name, { ...state, assignedPort });
    }
    try {
      const backup = stripLegacyRunState(this.paths);
      const names = legacy.map((entry) => `${entry.name} → ${entry.assignedPort}`).join(', ');
      this.notice('info', `moved reassigned ports out of ${this.paths.config} into run state (${names}); the file as it was is kept at ${backup}`);
    } catch (error) {
      this.notice('warn', `reassigned ports are now run state, but ${this.paths.config} could not be rewritten without them: ${(error as Error).message}`);
    }
  }

  private async seedExamples(): Promise<void> {
    const read = readConfig(this.paths);
    if (!read.ok || (read.config.services ?? []).length > 0 || read.config.settings?.examplesSeeded) return;
    const { exampleServices, findExamplesDir } = await import('../examples.ts');
    const dir = findExamplesDir();
    if (!dir) return;
    const services = exampleServices(dir, `${this.paths.dataDir}/queue`);
    updateConfig(this.paths, (config) => ({ ...config, services, settings: { ...config.settings, examplesSeeded: true } }));
  }

  private createRunner(spec: ServiceSpec): ServiceRunner {
    const { state, warning } = readRunState(this.paths, spec.name);
    if (warning) this.notice('warn', warning, spec.name);
    return new ServiceRunner(spec, state, {
      paths: this.paths,
      timing: this.timing,
      baseEnv: this.baseEnv,
      defaultCwd: this.paths.dataDir,
      onChange: (runner, change) => this.changed(runner, change),
      preflight: (runner, portJustFree) => this.ports.preflight(runner, portJustFree),
      onRunning: (runner) => this.health.running(runner),
      onEnded: (runner) => this.health.ended(runner),
      wroteLog: (file, size) => this.rotation.wrote(file, size),
    });
  }

  /** A scheduled service's autostart arms its schedule (the schedule starts the process); any other starts now. */
  private autostart(runner: ServiceRunner, reason: string): Promise<void> {
    return runner.spec.schedule ? runner.armSchedule() : runner.start(reason);
  }

  private changed(runner: ServiceRunner, change: Change): void {
    const entry: HistoryEntry = {
      at: Date.now(),
      service: runner.name,
      from: change.from,
      to: change.to,
      reason: change.reason,
      kind: change.kind,
      health: runner.health,
    };
    this.journal.record(entry);
    this.downSince.changed(runner.name, runner.state, runner.health, entry.at);
    if (change.to === 'blocked' && change.from !== 'blocked') this.rivals.soon(runner.name);
    if (change.to === 'starting') this.rivals.unwatchStopped(runner.name);
    if (change.from !== change.to) this.copies.stateChanged(runner);
    // A logs folder that was unusable at boot may have been repaired since.
    if (change.to === 'running') this.rotation.start();
    this.emitStatus(runner, entry);
  }

  /** A status is built for listeners only: a headless daemon with no client pays nothing per restart. */
  private emitStatus(runner: ServiceRunner, entry: Events['service']['entry']): void {
    if (this.events.listenerCount('service') > 0) this.emit('service', { status: this.statusOf(runner), entry });
  }

  private emit<E extends EventName>(event: E, data: Events[E]): void {
    this.events.emit(event, data);
  }

  private notice(level: Events['notice']['level'], message: string, service?: string): void {
    const notice = service ? { level, message, service } : { level, message };
    this.recentNotices.push({ ...notice, at: Date.now() });
    if (this.recentNotices.length > RECENT_NOTICES) this.recentNotices.shift();
    this.emit('notice', notice);
  }

  private statusOf(runner: ServiceRunner): ServiceStatus {
    const startedAt = runner.startedAt;
    const metrics = this.metrics.of(runner);
    return {
      name: runner.name,
      state: runner.state,
      health: runner.health,
      healthDetail: this.health.detailOf(runner),
      pid: runner.pid,
      port: runner.port,
      configuredPort: runner.spec.port ?? null,
      restarts: runner.restarts,
      runs: runner.runs,
      uptimeMs: startedAt === null ? null : Date.now() - startedAt,
      downSince: this.downSince.of(runner.name),
      lastExit: runner.lastExit,
      nextStartAt: runner.nextStartAt,
      waitingFor: runner.waitingFor,
      reason: runner.reason,
      problem: this.configProblems.get(runner.name) ?? runner.problem,
      duplicates: this.copies.of(runner),
      cpu: metrics?.cpu ?? null,
      memory: metrics?.memory ?? null,
      processes: metrics?.processes ?? null,
      adopted: runner.adopted,
      logPath: runner.logPath,
      spec: runner.spec,
    };
  }

  private runner(name: string): ServiceRunner {
    const runner = this.runners.get(name);
    if (!runner) throw new ApiError('not-found', `no service named "${name}"`);
    return runner;
  }

  private targets(name: string): ServiceRunner[] {
    return name === 'all' ? [...this.runners.values()] : [this.runner(name)];
  }

  private async act(name: string, action: (runner: ServiceRunner) => Promise<string>): Promise<ActionResult> {
    this.assertOpen();
    const targets = this.targets(name);
    const steps = await Promise.all(targets.map(action));
    return { steps, services: targets.map((runner) => this.statusOf(runner)) };
  }

  private assertOpen(): void {
    if (this.closing) throw new ApiError('unavailable', 'the engine is shutting down');
  }

  // ---- EngineHandle -------------------------------------------------------

  info(): EngineInfo {
    return {
      pid: process.pid,
      version: VERSION,
      dataDir: this.paths.dataDir,
      configError: this.configError,
      startedAt: this.startedAt,
      notices: [...this.recentNotices],
    };
  }

  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  followLogs(name: string, listener: (lines: string[]) => void): () => void {
    return followFile(this.runner(name).logPath, listener);
  }

  holdMetrics(): () => void {
    return this.metrics.hold();
  }

  async list(params: Params<'list'>): Promise<ListResult> {
    const runners = [...this.runners.values()];
    // Duplicates come from the last scan; a new one runs in the background (status never waits on /proc).
    // It starts first: a metrics sample in the same call uses its process table instead of reading its own.
    if (params.copies !== false) this.copies.refreshSoon();
    if (params.metrics) await this.metrics.sampleIfStale();
    const services = runners.map((runner) => this.statusOf(runner));
    return { engine: this.info(), aggregate: aggregateOf(services), services };
  }

  start({ name }: Params<'start'>): Promise<ActionResult> {
    return this.act(name, async (runner) => {
      if (runner.pid !== null) return `${runner.name}: already running (pid ${runner.pid})`;
      await runner.start('started by user');
      return `${runner.name}: ${runner.reason}`;
    });
  }

  stop({ name }: Params<'stop'>): Promise<ActionResult> {
    return this.act(name, async (runner) => {
      const before = this.rivals.beforeStop();
      await runner.stop('stopped by user');
      if (runner.state === 'stopped') this.rivals.watchStopped(this.targetOf(runner), before);
      return `${runner.name}: ${runner.reason}`;
    });
  }

  restart({ name }: Params<'restart'>): Promise<ActionResult> {
    return this.act(name, async (runner) => {
      await runner.restart('restarted by user');
      return `${runner.name}: ${runner.reason}`;
    });
  }

  restore({ name }: Params<'restore'>): Promise<ActionResult> {
    this.assertOpen();
    return restore(this.targets(name), { ports: this.ports, copies: this.copies }).then((steps) => ({
      steps,
      services: this.targets(name).map((runner) => this.statusOf(runner)),
    }));
  }

  async logs({ name, lines }: Params<'logs'>): Promise<Results['logs']> {
    const runner = this.runner(name);
    return { lines: await tailLines(runner.logPath, lines ?? LOG_DEFAULTS.tailLines), path: runner.logPath };
  }

  async history({ name, since }: Params<'history'>): Promise<Results['history']> {
    this.runner(name);
    return { entries: this.journal.read(name, since).entries };
  }

  async recentUsage({ name, since }: Params<'recentUsage'>): Promise<Results['recentUsage']> {
    this.runner(name);
    return { samples: this.samples.of(name, since), intervalMs: METRICS_INTERVAL_MS };
  }

  private keepSamples(usage: ReadonlyMap<number, { cpu: number; memory: number }>, at: number): void {
    for (const runner of this.runners.values()) {
      const tree = runner.pid === null ? undefined : usage.get(runner.pid);
      if (tree) this.samples.record(runner.name, { at, cpu: tree.cpu, memory: tree.memory });
    }
  }

  async setPort(params: Params<'setPort'>): Promise<ActionResult> {
    this.assertOpen();
    const runner = this.runner(params.name);
    const steps = await this.ports.setPort(runner, params);
    return { steps, services: [this.statusOf(runner)] };
  }

  async stopPortOwner({ name }: Params<'stopPortOwner'>): Promise<ActionResult> {
    this.assertOpen();
    const runner = this.runner(name);
    const steps = await this.ports.stopPortOwner(runner);
    return { steps, services: [this.statusOf(runner)] };
  }

  async addService({ spec }: Params<'addService'>): Promise<ActionResult> {
    this.assertOpen();
    this.refuseWhenConfigBroken();
    if (this.runners.has(spec.name)) throw new ApiError('conflict', `service "${spec.name}" already exists`);
    addServiceToConfig(this.paths, spec);
    const runner = this.createRunner(spec);
    this.runners.set(spec.name, runner);
    this.definitionsChanged();
    const steps = [`${spec.name}: added`];
    if (spec.autostart !== false) {
      await this.autostart(runner, 'started after being added');
      steps.push(`${spec.name}: ${runner.reason}`);
    } else {
      this.changed(runner, { from: null, to: 'stopped', reason: 'added', kind: 'config' });
    }
    return { steps, services: [this.statusOf(runner)] };
  }

  async updateService({ spec }: Params<'updateService'>): Promise<ActionResult> {
    this.assertOpen();
    this.refuseWhenConfigBroken();
    const runner = this.runner(spec.name);
    const restart = runner.pid !== null && needsRestart(runner.spec, spec);
    replaceServiceInConfig(this.paths, spec);
    runner.redefine(spec);
    this.definitionsChanged();
    const steps = [`${spec.name}: saved`];
    if (restart) {
      await runner.restart('restarted to apply the new definition');
      steps.push(`${spec.name}: ${runner.reason}`);
    } else {
      runner.note('definition changed', 'config');
    }
    return { steps, services: [this.statusOf(runner)] };
  }

  async removeService({ name }: Params<'removeService'>): Promise<ActionResult> {
    this.assertOpen();
    this.refuseWhenConfigBroken();
    const runner = this.runner(name);
    await runner.stop('removed');
    removeServiceFromConfig(this.paths, name);
    this.forget(name);
    this.definitionsChanged();
    return { steps: [`${name}: stopped and removed`], services: [] };
  }

  /** Limits are re-read, and memory the change's burst of work used goes back once things are quiet (memory-trim.ts). */
  private definitionsChanged(): void {
    this.metrics.limitsChanged();
    this.memoryTrim.changed();
  }

  /** A removed service leaves nothing behind: no runner, history, run record or run state. */
  private forget(name: string): void {
    // A run-state write still pending would bring the file back after it is removed.
    this.runners.get(name)?.discard();
    this.runners.delete(name);
    this.journal.forget(name);
    this.downSince.forget(name);
    this.samples.forget(name);
    this.health.forget(name);
    removeRecord(this.paths, name);
    removeRunState(this.paths, name);
    this.emit('removed', { name });
  }

  /** Re-reads config.json (hand edits) and applies the difference; one reload at a time. */
  reload(_params: Params<'reload'> = {}): Promise<ActionResult> {
    const next = this.reloading.then(() => this.reloadNow());
    this.reloading = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<ActionResult> {
    this.assertOpen();
    // An editor that replaces the file by delete-and-rename leaves it missing for a moment: that is not "remove everything".
    if (!existsSync(this.paths.config) && this.runners.size > 0) {
      throw new ApiError('conflict', `${this.paths.config} is missing; nothing was changed (remove services with "upkeep remove")`);
    }
    const read = readConfig(this.paths);
    if (!read.ok) {
      this.configBroken(read);
      throw new ApiError('bad-request', read.error);
    }
    this.configMended();
    // A hand-pasted definition from an older version may carry a reassigned port: it is run state.
    this.moveOutRunState(read.legacyRunState);
    for (const { name, assignedPort } of read.legacyRunState) this.runners.get(name)?.assignPort(assignedPort, `port ${assignedPort} (reassigned) moved into run state`);
    const plan = planReload(new Map([...this.runners].map(([name, runner]) => [name, runner.spec])), read.config.services ?? []);
    // Each service's own queue keeps its steps in order; different services change at once.
    const removed = plan.removed.map(async (name) => {
      await this.runner(name).stop('removed from config.json');
      this.forget(name);
      return `${name}: removed`;
    });
    const changed = plan.changed.map(async ({ spec, restart }) => {
      const runner = this.runner(spec.name);
      runner.redefine(spec);
      if (!restart || runner.pid === null) {
        runner.note('definition changed', 'config');
        return `${spec.name}: definition changed`;
      }
      await runner.restart('restarted to apply the edited definition');
      return `${spec.name}: ${runner.reason}`;
    });
    const added = plan.added.map(async (spec) => {
      const runner = this.createRunner(spec);
      this.runners.set(spec.name, runner);
      // Still running from before (the file was broken when this engine started): adopt it, never start a second copy.
      const record = readRecords(this.paths).records.find((r) => r.name === spec.name && isSameProcess(r.pid, r.startTime));
      if (record) runner.adopt(record);
      else if (spec.autostart !== false) await this.autostart(runner, 'started after being added to config.json');
      else this.changed(runner, { from: null, to: 'stopped', reason: 'added to config.json', kind: 'config' });
      return `${spec.name}: ${runner.reason}`;
    });
    const steps = await Promise.all([...removed, ...changed, ...added]);
    this.definitionsChanged();
    if (steps.length === 0) steps.push(`${this.paths.config}: no changes`);
    return { steps, services: [...this.runners.values()].map((runner) => this.statusOf(runner)) };
  }

  private refuseWhenConfigBroken(): void {
    if (this.configError) throw new ApiError('conflict', `config not changed: ${this.configError}`);
  }

  async doctor({ name }: Params<'doctor'>): Promise<Results['doctor']> {
    this.assertOpen();
    if (name !== undefined) this.runner(name);
    if (!this.rivals.enabled) return { findings: [], notes: ['rival detection is off (UPKEEP_RIVALS=off or the engine option)'] };
    const detection = await this.rivals.detect();
    const findings = (detection?.findings ?? []).filter((f) => name === undefined || f.service === name);
    return { findings, notes: detection?.notes ?? [] };
  }

  takeoverPlan(params: Params<'takeoverPlan'>): Promise<Results['takeoverPlan']> {
    this.assertOpen();
    return this.takeovers.plan(params);
  }

  takeover(params: Params<'takeover'>): Promise<ActionResult> {
    this.assertOpen();
    return this.takeovers.takeover(params);
  }

  undoTakeover(params: Params<'undoTakeover'>): Promise<ActionResult> {
    this.assertOpen();
    return this.takeovers.undo(params);
  }

  async shutdown({ stopServices }: Params<'shutdown'>): Promise<{ ok: true }> {
    // Answer first, then go: the caller is waiting for the reply on a connection we are about to close.
    setImmediate(() => void this.close({ stopServices }));
    return { ok: true };
  }

  /** Resolves once the engine has closed (by `close` or a `shutdown` call). */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  close(options: { stopServices?: boolean } = {}): Promise<void> {
    this.closing ??= (async () => {
      this.unwatchConfig();
      this.rotation.stop();
      this.ports.close();
      this.health.close();
      this.metrics.close();
      this.memoryTrim.close();
      this.rivals.close();
      const runners = [...this.runners.values()];
      if (options.stopServices) {
        await Promise.all(runners.map((runner) => runner.stop('engine shut down with its services')));
      }
      await Promise.all(runners.map((runner) => runner.idle()));
      for (const runner of runners) runner.detach();
      this.journal.closed(runners);
      this.lock.release();
      this.events.removeAllListeners();
      this.resolveClosed();
    })();
    return this.closing;
  }
}

/** The engine's own markers must not leak into services it starts (they would look like our runs). */
function stripEngineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const tag of Object.values(TAG)) delete copy[tag];
  return copy;
}
