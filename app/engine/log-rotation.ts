/**
 * Rotates service logs by size. Services write to their logs through their own
 * file descriptors, so there is nothing to hook a write on; instead one watcher
 * on the logs folder notices growth and a size check runs at most once per
 * file per interval — no timer at all while nothing is written.
 */
import { watch, mkdirSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { rotateIfNeeded } from '../logs/rotate.ts';
import { LOG_DEFAULTS } from '../config/defaults.ts';

const CHECK_EVERY_MS = 2_000;

export class LogRotation {
  private watcher: FSWatcher | null = null;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly logsDir: string;
  private readonly onError: (message: string) => void;

  constructor(logsDir: string, onError: (message: string) => void) {
    this.logsDir = logsDir;
    this.onError = onError;
  }

  private failedBefore = false;
  private stopped = false;

  /** Starts watching if not yet watching (boot found logs/ unusable, and it may be fixed now). */
  ensureStarted(): void {
    this.start();
  }

  start(): void {
    if (this.watcher || this.stopped) return;
    try {
      mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
      this.watcher = watch(this.logsDir, (_event, file) => {
        if (file && file.endsWith('.log')) this.schedule(path.join(this.logsDir, file));
      });
      this.watcher.on('error', (error) => this.onError(`log watcher: ${error.message}`));
      this.failedBefore = false;
    } catch (error) {
      // Said once: every later start of a service tries again, quietly.
      if (!this.failedBefore) this.onError(`cannot watch ${this.logsDir}: ${(error as Error).message}`);
      this.failedBefore = true;
    }
  }

  private schedule(file: string): void {
    if (this.pending.has(file)) return;
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        rotateIfNeeded(file, { maxBytes: LOG_DEFAULTS.maxBytes, keepFiles: LOG_DEFAULTS.keepFiles }).catch((error: Error) =>
          this.onError(`rotating ${file}: ${error.message}`),
        );
      }, CHECK_EVERY_MS),
    );
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = null;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
