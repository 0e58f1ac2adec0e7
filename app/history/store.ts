/**
 * history/<name>.jsonl: every transition of every service, one JSON line per
 * entry. Entries are written at the end of the turn that made them, one
 * append per service for all of them: a restart's exit, start and spawn are
 * one write, not three, and the spawn is not held up by them. An engine
 * killed within that turn loses that turn's entries (the next one writes the
 * stop it never wrote). Reading flushes first. Each file is rotated by size and all of them
 * together are held under a byte cap, oldest rotated files going first.
 * Reading is in ./read.ts; the CLI reads the same files with no engine.
 */
import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { HistoryEntry } from '../api.ts';
import type { DataPaths } from '../paths.ts';
import { historyFiles, HISTORY_LIMITS, type HistoryLimits } from './files.ts';
import { lastEntry, readHistory, type HistoryRead, type ReadOptions } from './read.ts';

export class HistoryStore {
  private readonly paths: DataPaths;
  private readonly limits: HistoryLimits;
  private readonly onProblem: (message: string, service?: string) => void;
  /** Bytes in each service's current file, learned at its first append. */
  private readonly sizes = new Map<string, number>();
  /** Problems already told, so a broken disk or a bad line is not announced on every write or read. */
  private readonly told = new Set<string>();
  /** Entries of this turn, by service, not written yet. */
  private readonly pending = new Map<string, HistoryEntry[]>();
  private flushSoon: NodeJS.Immediate | null = null;

  constructor(paths: DataPaths, onProblem: (message: string, service?: string) => void, limits: Partial<HistoryLimits> = {}) {
    this.paths = paths;
    this.onProblem = onProblem;
    this.limits = { ...HISTORY_LIMITS, ...limits };
  }

  append(entry: HistoryEntry): void {
    const waiting = this.pending.get(entry.service);
    if (waiting) waiting.push(entry);
    else this.pending.set(entry.service, [entry]);
    this.flushSoon ??= setImmediate(() => this.flush());
  }

  /** Writes what is waiting now (each service's entries in one append). */
  flush(): void {
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = null;
    const pending = [...this.pending];
    this.pending.clear();
    for (const [service, entries] of pending) this.write(service, entries);
  }

  private write(service: string, entries: HistoryEntry[]): void {
    const file = this.paths.history(service);
    try {
      // Not recursive: a data dir that is gone (removed under a closing engine) is not made again.
      if (!this.sizes.has(service)) mkdirIfMissing(this.paths.historyDir);
      let size = this.sizes.get(service) ?? statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      let chunk = '';
      for (const entry of entries) {
        const line = `${JSON.stringify(entry)}\n`;
        const bytes = Buffer.byteLength(line);
        // Rotated between entries, as if each had been written alone: a file stays within its bound.
        if (size > 0 && size + bytes > this.limits.maxFileBytes) {
          if (chunk) appendFileSync(file, chunk, { mode: 0o600 });
          chunk = '';
          this.rotate(file);
          size = 0;
        }
        chunk += line;
        size += bytes;
      }
      appendFileSync(file, chunk, { mode: 0o600 });
      this.sizes.set(service, size);
      this.told.delete(`write:${service}`);
    } catch (error) {
      this.sizes.delete(service);
      this.tellOnce(`write:${service}`, `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; history is not kept until it can be`, service);
    }
  }

  read(service: string, options: ReadOptions = {}): HistoryRead {
    this.flush();
    const read = readHistory(this.paths.history(service), { keepFiles: this.limits.keepFiles, ...options });
    for (const line of read.skipped) this.tellOnce(line, line, service);
    return read;
  }

  last(service: string): HistoryEntry | null {
    this.flush();
    return lastEntry(this.paths.history(service));
  }

  /** A removed service's history goes with it. */
  forget(service: string): void {
    this.pending.delete(service);
    for (const file of historyFiles(this.paths.history(service), this.limits.keepFiles)) rmSync(file, { force: true });
    this.sizes.delete(service);
  }

  private rotate(file: string): void {
    const files = historyFiles(file, this.limits.keepFiles);
    rmSync(files[files.length - 1]!, { force: true });
    for (let i = files.length - 2; i >= 0; i -= 1) {
      try {
        renameSync(files[i]!, files[i + 1]!);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.capTotal();
  }

  /** Over the cap: drop rotated files, oldest first (the files being written now are kept). */
  private capTotal(): void {
    const dir = this.paths.historyDir;
    const files = readdirSync(dir)
      .filter((name) => name.includes('.jsonl'))
      .flatMap((name) => {
        const stat = statSync(path.join(dir, name), { throwIfNoEntry: false });
        return stat ? [{ file: path.join(dir, name), size: stat.size, mtime: stat.mtimeMs, rotated: !name.endsWith('.jsonl') }] : [];
      });
    let total = files.reduce((sum, f) => sum + f.size, 0);
    for (const old of files.filter((f) => f.rotated).sort((a, b) => a.mtime - b.mtime)) {
      if (total <= this.limits.maxTotalBytes) return;
      rmSync(old.file, { force: true });
      total -= old.size;
    }
  }

  private tellOnce(key: string, message: string, service?: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.onProblem(message, service);
  }
}

function mkdirIfMissing(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
