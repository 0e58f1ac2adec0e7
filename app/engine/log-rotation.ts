/**
 * Rotates service logs by size. Services write to their logs through their own
 * file descriptors, so there is nothing to hook a write on; instead a watcher
 * on the logs folder notices growth. The watcher fires once per write, which
 * during a burst of output would cost the engine more CPU than the service, so
 * the first event closes it: the logs are checked once the interval is over
 * and the watcher is opened again. At most one wake-up per interval while
 * logs grow, and no timer at all while nothing is written.
 */
import { watch, mkdirSync, readdirSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { rotateIfNeeded } from '../logs/rotate.ts';
import { LOG_DEFAULTS } from '../config/defaults.ts';

const CHECK_EVERY_MS = 2_000;

export class LogRotation {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failedBefore = false;
  private stopped = false;
  private readonly logsDir: string;
  private readonly onError: (message: string) => void;

  constructor(logsDir: string, onError: (message: string) => void) {
    this.logsDir = logsDir;
    this.onError = onError;
  }

  /** Watches the logs folder unless already watching or waiting (boot may have found it unusable). */
  start(): void {
    if (this.watcher || this.timer || this.stopped) return;
    try {
      mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
      this.watcher = watch(this.logsDir, (_event, file) => {
        if (file && file.endsWith('.log')) this.pause();
      });
      this.watcher.on('error', (error) => this.onError(`log watcher: ${error.message}`));
      this.failedBefore = false;
    } catch (error) {
      // Said once: every later start of a service tries again, quietly.
      if (!this.failedBefore) this.onError(`cannot watch ${this.logsDir}: ${(error as Error).message}`);
      this.failedBefore = true;
    }
  }

  /** Something grew: stop listening, check every log after the interval, then listen again. */
  private pause(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkAll().finally(() => this.start());
    }, CHECK_EVERY_MS);
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
      await rotateIfNeeded(full, { maxBytes: LOG_DEFAULTS.maxBytes, keepFiles: LOG_DEFAULTS.keepFiles }).catch((error: Error) =>
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
