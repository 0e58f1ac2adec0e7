/**
 * Copies of each service that the engine does not own: the same command run
 * from the same folder, and tagged runs of ours that an earlier engine lost.
 * The scan reads the process table, so status never waits for it: it runs
 * in the background, one at a time, at most every couple of seconds.
 */
import type { ClassifiedProcess, Finding } from '../api.ts';
import { supervisedBy } from '../ports/classify.ts';
import { rivalOf } from '../rivals/rival-of.ts';
import type { DataPaths } from '../paths.ts';
import { findRunTops } from '../runs/tags.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { findDuplicates } from './duplicates.ts';
import { listProcesses, type ProcessEntry } from '../os/table.ts';

export interface CopiesContext {
  paths: DataPaths;
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
  /** The latest rival findings: a copy a rival runs is `supervised`, not stale. */
  knownRivals?(): Finding[];
}

/** Duplicates are looked for at most this often (a status call reads the process table). */
const FRESH_MS = 2_000;

export class CopyScanner {
  private readonly ctx: CopiesContext;
  private readonly copies = new Map<string, ClassifiedProcess[]>();
  private scannedAt = 0;
  private scan: Promise<void> | null = null;
  private newCopies: (runner: ServiceRunner) => void = () => undefined;

  constructor(ctx: CopiesContext) {
    this.ctx = ctx;
  }

  /** Called when a scan finds a copy of a service that the last one did not (rival detection looks again). */
  onNewCopies(listener: (runner: ServiceRunner) => void): void {
    this.newCopies = listener;
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
    const rivals = this.ctx.knownRivals?.() ?? [];
    for (const runner of runners) {
      const copies = new Map<number, ClassifiedProcess>();
      const mine = rivals.filter((f) => f.service === runner.name);
      for (const entry of findDuplicates(table, { command: runner.spec.command, cwd: runner.cwd, shell: runner.spec.shell }, owned)) {
        const rival = rivalOf(mine, table, entry.pid);
        copies.set(entry.pid, { pid: entry.pid, command: entry.command, ...(rival ? supervisedBy(rival) : { class: 'stale-copy' }), service: runner.name });
      }
      // Our own runs' leftovers (tagged) are ours whatever else is found: set last, they win.
      for (const root of roots) {
        if (root.service === runner.name && root.runId !== runner.runId && !owned.has(root.pid)) {
          copies.set(root.pid, { pid: root.pid, command: commandOf(table, root.pid), class: 'stale-copy', service: runner.name });
        }
      }
      const before = new Set(this.of(runner).map((copy) => copy.pid));
      this.copies.set(runner.name, [...copies.values()]);
      if ([...copies.keys()].some((pid) => !before.has(pid))) this.newCopies(runner);
    }
  }
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function commandOf(table: readonly ProcessEntry[], pid: number): string {
  return table.find((e) => e.pid === pid)?.command ?? `pid ${pid}`;
}
