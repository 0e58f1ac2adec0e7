/**
 * The engine's view of rivals: the latest findings per service and when to
 * look again. Detection never runs per restart; it runs at boot, when a
 * service becomes blocked or gets a duplicate (at most once per
 * RECHECK_MS each), when `doctor` asks, and at a slow background pace. One
 * run at a time; a request during a run waits for the next one.
 */
import type { ProcessEntry } from '../os/table.ts';
import type { RivalTarget } from './context.ts';
import { CopyWatch } from './copy-watch.ts';
import { detectRivals, type Detection } from './detect.ts';
import type { Finding } from './finding.ts';
import { machineSeams, type CommandRunner, type RivalSeams } from './seams.ts';

export const BACKGROUND_EVERY_MS = 15 * 60_000;
export const RECHECK_MS = 30_000;

/** How detection runs in an engine; `false` (or UPKEEP_RIVALS=off) turns it off. */
export interface RivalOptions {
  /** Read fixed system and home paths under this folder (tests); '/' otherwise. UPKEEP_RIVALS_ROOT sets it too. */
  root?: string;
  home?: string;
  run?: CommandRunner;
  timeoutMs?: number;
  backgroundEveryMs?: number;
  watchAfterStopMs?: number;
}

export interface RivalWatchContext {
  targets(): RivalTarget[];
  ownedRuns(): number[];
  /** Findings of these services changed (the engine re-classifies and tells clients). */
  changed(names: string[]): void;
  /** A stopped service's command started again outside Upkeep. */
  startedAgain(name: string, copy: ProcessEntry): void;
}

/** Seams for an engine, or null when detection is off. */
export function rivalSeams(options: RivalOptions | false | undefined, env: NodeJS.ProcessEnv): RivalSeams | null {
  if (options === false || env.UPKEEP_RIVALS === 'off') return null;
  return machineSeams({ root: options?.root ?? env.UPKEEP_RIVALS_ROOT ?? '/', home: options?.home, env, run: options?.run });
}

export class RivalWatch {
  private readonly seams: RivalSeams | null;
  private readonly options: RivalOptions;
  private readonly ctx: RivalWatchContext;
  private readonly findings = new Map<string, Finding[]>();
  private readonly lastAsked = new Map<string, number>();
  private notes: string[] = [];
  private lastRunAt = 0;
  private running: Promise<Detection | null> | null = null;
  private queued: Promise<Detection | null> | null = null;
  private background: NodeJS.Timeout | null = null;
  private readonly copies: CopyWatch;
  private closed = false;

  constructor(seams: RivalSeams | null, options: RivalOptions, ctx: RivalWatchContext) {
    this.seams = seams;
    this.options = options;
    this.ctx = ctx;
    this.copies = new CopyWatch({
      owned: () => new Set(ctx.ownedRuns()),
      found: (name, entry) => ctx.startedAgain(name, entry),
    });
  }

  get enabled(): boolean {
    return this.seams !== null;
  }

  /** The boot run, then the slow background pace. */
  start(): void {
    if (!this.seams || this.closed) return;
    void this.detect().catch(() => undefined);
    this.background = setInterval(() => void this.detect().catch(() => undefined), this.options.backgroundEveryMs ?? BACKGROUND_EVERY_MS);
    this.background.unref();
  }

  /** Every service's latest findings. */
  all(): Finding[] {
    return [...this.findings.values()].flat();
  }

  findingsOf(name: string): Finding[] {
    return this.findings.get(name) ?? [];
  }

  get lastNotes(): string[] {
    return this.notes;
  }

  /** Looks again soon for this service (it became blocked, or got a duplicate), at most once per RECHECK_MS. */
  soon(name: string): void {
    if (!this.seams || this.closed) return;
    const last = this.lastAsked.get(name) ?? 0;
    if (Date.now() - last < RECHECK_MS) return;
    this.lastAsked.set(name, Date.now());
    void this.detect().catch(() => undefined);
  }

  /**
   * Findings no older than RECHECK_MS, for a decision that must not fight a
   * rival (a port owner to classify): a new run only when the last is old.
   */
  async recent(): Promise<Finding[]> {
    if (!this.seams || this.closed) return [];
    if (Date.now() - this.lastRunAt > RECHECK_MS) await this.detect();
    return this.all();
  }

  /** A run now (or the next one, if one is under way: it may have read the table before the change). */
  detect(): Promise<Detection | null> {
    if (!this.seams || this.closed) return Promise.resolve(null);
    if (!this.running) {
      this.running = this.runOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.detect();
    });
    return this.queued;
  }

  private async runOnce(): Promise<Detection | null> {
    const seams = this.seams as RivalSeams;
    const targets = this.ctx.targets();
    const detection = await detectRivals({ seams, targets, ownedRuns: this.ctx.ownedRuns(), timeoutMs: this.options.timeoutMs });
    this.lastRunAt = Date.now();
    if (this.closed) return detection;
    const changed: string[] = [];
    for (const target of targets) {
      const found = detection.findings.filter((f) => f.service === target.name);
      if (JSON.stringify(found) !== JSON.stringify(this.findings.get(target.name) ?? [])) changed.push(target.name);
      this.findings.set(target.name, found);
    }
    for (const name of this.findings.keys()) if (!targets.some((t) => t.name === name)) this.findings.delete(name);
    this.notes = detection.notes;
    if (changed.length > 0) this.ctx.changed(changed);
    return detection;
  }

  /** Watch a stopped service for a bounded time: a copy someone else starts shows within a second or two. */
  watchStopped(target: RivalTarget): void {
    if (!this.seams || this.closed) return;
    this.copies.watch(target.name, target, this.options.watchAfterStopMs);
  }

  unwatchStopped(name: string): void {
    this.copies.unwatch(name);
  }

  close(): void {
    this.closed = true;
    if (this.background) clearInterval(this.background);
    this.background = null;
    this.copies.close();
  }
}
