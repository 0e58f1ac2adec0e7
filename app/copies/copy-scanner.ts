/**
 * Copies of each service that the engine does not own: the same command run
 * from the same folder, and tagged runs of ours that no runner owns (an
 * earlier engine lost them, or a run ended without them), which are also
 * handed to `onLostRun` to be stopped.
 * The scan reads the process table, so status never waits for it: it runs
 * in the background, one at a time, with one process-table snapshot for all
 * services. What status shows is never stale: each listed copy is checked
 * again (pid and start time, one /proc read) whenever the list is built, and
 * a scan more than FRESH_MS old is started by any status call, so a copy
 * that appears shows within 2 s for someone polling.
 */
import type { ClassifiedProcess, Finding } from '../api.ts';
import { respawnerInAncestry, supervisedBy } from '../ports/classify.ts';
import { rivalOf } from '../rivals/rival-of.ts';
import type { DataPaths } from '../paths.ts';
import { processStartTime } from '../os/identity.ts';
import type { StopTarget } from '../runs/stop-run.ts';
import { RunTagCache } from '../runs/tags.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';
import { findDuplicates } from './duplicates.ts';
import { ancestors, listProcesses, type ProcessEntry } from '../os/table.ts';

export interface CopiesContext {
  paths: DataPaths;
  runners(): ServiceRunner[];
  notice(level: 'info' | 'warn' | 'error', message: string, service?: string): void;
  /** The latest rival findings: a copy a rival runs is `supervised`, not stale. */
  knownRivals?(): Finding[];
  /** A service's copies changed after a scan it did not ask for (tell the window). */
  touched?(runner: ServiceRunner): void;
}

/** A scan older than this is redone by the next status call: with the scan's own time (a few hundred ms under load), a new copy shows within 2 s. */
const FRESH_MS = 1_500;
/**
 * How old the scan's process table may be for others to use it instead of
 * reading /proc again (the metrics of the same status call): tree membership
 * that old is still right but for a child forked in that second.
 */
export const SHARED_TABLE_MS = 1_000;

interface Copy {
  shown: ClassifiedProcess;
  /** Its start time when found: a pid reused since is not that copy. */
  startTime: string;
}

export class CopyScanner {
  private readonly ctx: CopiesContext;
  private readonly copies = new Map<string, Copy[]>();
  private scannedAt = 0;
  private scan: Promise<void> | null = null;
  /** A re-check asked for while a scan ran: one more scan after it, not one per ask. */
  private again = false;
  private newCopies: (runner: ServiceRunner) => void = () => undefined;
  private lostRun: (runner: ServiceRunner, run: StopTarget) => void = () => undefined;
  /**
   * Start times read in this synchronous run (one list builds every status in
   * one go): a list checks a pid once, not once per service listing it. Gone
   * by the next microtask, so no later status trusts an old reading.
   */
  private startTimes: Map<number, string | null> | null = null;
  private lastTable: { at: number; table: Promise<ProcessEntry[]> } | null = null;
  private readonly runTags = new RunTagCache();

  constructor(ctx: CopiesContext) {
    this.ctx = ctx;
  }

  /** Called when a scan finds a copy of a service that the last one did not (rival detection looks again). */
  onNewCopies(listener: (runner: ServiceRunner) => void): void {
    this.newCopies = listener;
  }

  /**
   * Called for each run of ours that a scan finds and no runner owns: a run an
   * earlier engine spawned as it died (it exec'd, and took its tags, after
   * the new engine's start-up looked), or what an ended run left outside its
   * group. Only one copy of a service may run under Upkeep.
   */
  onLostRun(listener: (runner: ServiceRunner, run: StopTarget) => void): void {
    this.lostRun = listener;
  }

  /** The copies that still run right now (verified by pid and start time). */
  of(runner: ServiceRunner): ClassifiedProcess[] {
    const listed = this.copies.get(runner.name);
    if (!listed || listed.length === 0) return [];
    const alive = listed.filter((copy) => this.startTimeOf(copy.shown.pid) === copy.startTime);
    if (alive.length !== listed.length) this.copies.set(runner.name, alive);
    return alive.map((copy) => copy.shown);
  }

  private startTimeOf(pid: number): string | null {
    if (!this.startTimes) {
      const times = new Map<number, string | null>();
      this.startTimes = times;
      queueMicrotask(() => {
        if (this.startTimes === times) this.startTimes = null;
      });
    }
    if (!this.startTimes.has(pid)) this.startTimes.set(pid, processStartTime(pid));
    return this.startTimes.get(pid) ?? null;
  }

  /** The last scan's process table, if it was read (or is being read) within SHARED_TABLE_MS; else null. */
  recentTable(): Promise<readonly ProcessEntry[]> | null {
    return this.lastTable && Date.now() - this.lastTable.at <= SHARED_TABLE_MS ? this.lastTable.table : null;
  }

  /** Forgets a service's copies (they were stopped). */
  clear(runner: ServiceRunner): void {
    this.copies.set(runner.name, []);
  }

  /** Starts a scan in the background when the last one is old; one at a time. */
  refreshSoon(): void {
    if (Date.now() - this.scannedAt < FRESH_MS) return;
    this.start();
  }

  /**
   * A service changed state: a copy listed for it may be gone or may have
   * been its own leftover. Only a service with copies listed costs a scan,
   * so a crash loop without copies pays nothing here.
   */
  stateChanged(runner: ServiceRunner): void {
    if ((this.copies.get(runner.name)?.length ?? 0) === 0) return;
    if (this.scan) this.again = true;
    else this.start(runner);
  }

  private start(changed?: ServiceRunner): void {
    if (this.scan) return;
    const before = changed ? this.of(changed).length : 0;
    this.scan = this.refresh()
      .catch((error: Error) => this.ctx.notice('warn', `looking for duplicates: ${error.message}`))
      .finally(() => {
        this.scan = null;
        if (changed && this.of(changed).length !== before) this.ctx.touched?.(changed);
        if (this.again) {
          this.again = false;
          this.start();
        }
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
    // cwd costs a readlink per process: read it only for processes that could be a copy.
    const reading = listProcesses({ wantCwd: (entry) => entry.argv.some((arg) => programs.has(basename(arg))) });
    // Shared with the metrics of the same status call; a failed read is this scan's error, and theirs on their own await.
    this.lastTable = { at: Date.now(), table: reading };
    const table = await reading;
    const roots = await this.runTags.runTops(table, this.ctx.paths.dataDir);
    const owned = new Set(runners.flatMap((r) => (r.pid === null ? [] : [r.pid])));
    // A run's process group is its own, and so is a run whose leftovers are being stopped.
    const ownGroups = new Set(runners.flatMap((r) => [r.pgid, r.reapingRun?.pgid].filter((g): g is number => typeof g === 'number' && g > 1)));
    const rivals = this.ctx.knownRivals?.() ?? [];
    for (const runner of runners) {
      const ownRuns = new Set([runner.runId, runner.reapingRun?.runId].filter((id): id is string => typeof id === 'string'));
      const copies = new Map<number, ClassifiedProcess>();
      const mine = rivals.filter((f) => f.service === runner.name);
      for (const entry of findDuplicates(table, { command: runner.spec.command, cwd: runner.cwd, shell: runner.spec.shell }, owned, ownGroups)) {
        const rival = rivalOf(mine, table, entry.pid);
        const verdict = rival ? supervisedBy(rival) : (respawnerInAncestry(ancestors(table, entry.pid)) ?? { class: 'stale-copy' as const });
        copies.set(entry.pid, { pid: entry.pid, command: entry.command, ...verdict, service: runner.name });
      }
      // Our own runs' leftovers (tagged) are ours whatever else is found: set last, they win.
      const lost: StopTarget[] = [];
      for (const root of roots) {
        if (root.service !== runner.name || (root.runId !== null && ownRuns.has(root.runId)) || owned.has(root.pid)) continue;
        const pgid = pgidOf(table, root.pid);
        if (ownGroups.has(pgid)) continue;
        copies.set(root.pid, { pid: root.pid, command: commandOf(table, root.pid), class: 'stale-copy', service: runner.name });
        if (root.runId !== null) lost.push({ pid: root.pid, pgid, runId: root.runId });
      }
      const before = new Set(this.of(runner).map((copy) => copy.pid));
      const verified: Copy[] = [];
      for (const shown of copies.values()) {
        const startTime = processStartTime(shown.pid);
        if (startTime) verified.push({ shown, startTime });
      }
      this.copies.set(runner.name, verified);
      if (verified.some((copy) => !before.has(copy.shown.pid))) this.newCopies(runner);
      const alive = new Set(verified.map((copy) => copy.shown.pid));
      for (const run of lost) if (alive.has(run.pid)) this.lostRun(runner, run);
    }
  }
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function commandOf(table: readonly ProcessEntry[], pid: number): string {
  return table.find((e) => e.pid === pid)?.command ?? `pid ${pid}`;
}

function pgidOf(table: readonly ProcessEntry[], pid: number): number {
  return table.find((e) => e.pid === pid)?.pgid ?? 0;
}
