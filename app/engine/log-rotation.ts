/**
 * Rotates service logs by size. Services write to their logs through their own
 * file descriptors, so there is nothing to hook a write on; instead a watcher
 * on the logs folder notices growth. The watcher fires once per write, which
 * during a burst of output would cost the engine more CPU than the service, so
 * the first event closes it: the logs are checked once the interval is over
 * and the watcher is opened again. At most one wake-up per interval while
 * logs grow, and no timer at all while nothing is written.
 *
 * The engine writes to the logs too, a line where each run starts and ends.
 * Those lines are no growth to wake up for: the engine says what size it left
 * a log at, and an event that finds that size is its own. The engine is awake
 * when it writes them, so a check that is owed is made then, not later: a
 * crash loop costs no wake-ups here, even when the service prints as it dies.
 */
import { watch, mkdirSync, readdirSync, statSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { rotateIfNeeded, type RotateOptions } from '../logs/rotate.ts';
import { LOG_DEFAULTS } from '../config/defaults.ts';

export interface RotationLimits extends RotateOptions {
  /** How long a growing log goes unchecked: the longest a burst of output waits for rotation. */
  checkEveryMs: number;
}

const DEFAULT_LIMITS: RotationLimits = { maxBytes: LOG_DEFAULTS.maxBytes, keepFiles: LOG_DEFAULTS.keepFiles, checkEveryMs: 2_000 };

export class LogRotation {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failedBefore = false;
  private stopped = false;
  private readonly logsDir: string;
  /** Each log's size right after the engine's own last line in it. */
  private readonly ownSizes = new Map<string, number>();
  private readonly onError: (message: string) => void;
  private readonly limits: RotationLimits;

  constructor(logsDir: string, onError: (message: string) => void, limits: Partial<RotationLimits> = {}) {
    this.logsDir = logsDir;
    this.onError = onError;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Watches the logs folder unless already watching or waiting (boot may have found it unusable). */
  start(): void {
    if (this.watcher || this.timer || this.stopped) return;
    try {
      mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
      this.watcher = watch(this.logsDir, (_event, file) => {
        if (file && file.endsWith('.log') && !this.isOwnLine(file)) this.pause();
      });
      this.watcher.on('error', (error) => this.onError(`log watcher: ${error.message}`));
      this.failedBefore = false;
    } catch (error) {
      // Said once: every later start of a service tries again, quietly.
      if (!this.failedBefore) this.onError(`cannot watch ${this.logsDir}: ${(error as Error).message}`);
      this.failedBefore = true;
    }
  }

  /** The engine wrote a line of its own to `file`, which now holds `size` bytes. */
  wrote(file: string, size: number): void {
    if (this.stopped || path.dirname(file) !== this.logsDir) return;
    this.ownSizes.set(path.basename(file), size);
    if (!this.timer && size < this.limits.maxBytes) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.checkThenListen();
  }

  private isOwnLine(file: string): boolean {
    const size = this.ownSizes.get(file);
    return size !== undefined && sizeOf(path.join(this.logsDir, file)) === size;
  }

  /** Something grew: stop listening, check every log after the interval, then listen again. */
  private pause(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checkThenListen();
    }, this.limits.checkEveryMs);
  }

  private checkThenListen(): void {
    this.watcher?.close();
    this.watcher = null;
    void this.checkAll().finally(() => this.start());
  }

  private async checkAll(): Promise<void> {
    let files: string[];
    try {
      files = readdirSync(this.logsDir).filter((file) => file.endsWith('.log'));
    } catch (error) {
      this.onError(`reading ${this.logsDir}: ${(error as Error).message}`);
      return;
    }
    for (const file of files) {
      const full = path.join(this.logsDir, file);
      // Sizes first, synchronously: the file system's thread pool is only woken for a log that is due.
      if ((sizeOf(full) ?? 0) < this.limits.maxBytes) continue;
      await rotateIfNeeded(full, this.limits).catch((error: Error) =>
        this.onError(`rotating ${full}: ${error.message}`),
      );
    }
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Null when the file cannot be read (gone, no permission): rotation has nothing to do with it. */
function sizeOf(file: string): number | null {
  try {
    return statSync(file, { throwIfNoEntry: false })?.size ?? null;
  } catch {
    return null;
  }
}
