/**
 * Copies of each service that the engine does not own: the same command run
 * from the same folder, and tagged runs of ours that an earlier engine lost.
 * The scan reads the process table, so status never waits for it: it runs
 * in the background, one at a time, at most every couple of seconds.
 */
import type { ClassifiedProcess } from '../api.ts';
import type { DataPaths } from '../paths.ts';
import { findRunTops } from '../runs/tags.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { findDuplicates } from './duplicates.ts';
import { listProcesses, type ProcessEntry } from '../os/table.ts';

export interface CopiesContext {
  paths: DataPaths;
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
}

/** Duplicates are looked for at most this often (a status call reads the process table). */
const FRESH_MS = 2_000;

export class CopyScanner {
  private readonly ctx: CopiesContext;
  private readonly copies = new Map<string, ClassifiedProcess[]>();
  private scannedAt = 0;
  private scan: Promise<void> | null = null;

  constructor(ctx: CopiesContext) {
    this.ctx = ctx;
  }

  of(runner: ServiceRunner): ClassifiedProcess[] {
    return this.copies.get(runner.name) ?? [];
  }

  /** Forgets a service's copies (they were stopped). */
  clear(runner: ServiceRunner): void {
    this.copies.set(runner.name, []);
  }

  /** Starts a scan in the background when the last one is old; one at a time. */
  refreshSoon(): void {
    if (this.scan || Date.now() - this.scannedAt < FRESH_MS) return;
    this.scan = this.refresh()
      .catch((error: Error) => this.ctx.notice('warn', `looking for duplicates: ${error.message}`))
      .finally(() => {
        this.scan = null;
      });
  }

  async refresh(): Promise<void> {
    this.scannedAt = Date.now();
    const runners = this.ctx.runners();
    if (runners.length === 0) return;
    // A shell service shows as `sh -c LINE`, or as LINE's first word once the shell exec'd it.
    const programs = new Set(
      runners.flatMap((r) => (r.spec.shell ? ['sh', basename(r.spec.command[0]?.split(/\s+/)[0] ?? '')] : [basename(r.spec.command[0] ?? '')])),
    );
    const [table, roots] = await Promise.all([
      // cwd costs a readlink per process: read it only for processes that could be a copy.
      listProcesses({ wantCwd: (entry) => entry.argv.some((arg) => programs.has(basename(arg))) }),
      findRunTops(this.ctx.paths.dataDir),
    ]);
    const owned = new Set(runners.flatMap((r) => (r.pid === null ? [] : [r.pid])));
    for (const runner of runners) {
      const copies = new Map<number, ClassifiedProcess>();
      for (const entry of findDuplicates(table, { command: runner.spec.command, cwd: runner.cwd, shell: runner.spec.shell }, owned)) {
        copies.set(entry.pid, { pid: entry.pid, command: entry.command, class: 'stale-copy', service: runner.name });
      }
      for (const root of roots) {
        if (root.service === runner.name && root.runId !== runner.runId && !owned.has(root.pid)) {
          copies.set(root.pid, { pid: root.pid, command: commandOf(table, root.pid), class: 'stale-copy', service: runner.name });
        }
      }
      this.copies.set(runner.name, [...copies.values()]);
    }
  }
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function commandOf(table: readonly ProcessEntry[], pid: number): string {
  return table.find((e) => e.pid === pid)?.command ?? `pid ${pid}`;
}
