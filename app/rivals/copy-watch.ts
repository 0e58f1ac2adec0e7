/**
 * After `upkeep stop NAME`, whoever starts the service again should show at
 * once, but a stopped service must cost nothing for long. So: for a bounded
 * time after the stop (about a minute), once a second, list the pids and
 * read the command line of only the processes that are new since the last
 * look. Then the timer ends and nothing runs.
 */
import { readlinkSync } from 'node:fs';
import { listPids, readArgv } from '../os/proc-fs.ts';
import { displayCommand } from '../os/command-line.ts';
import { canonicalCwd, runsCommand, type CommandSpec } from '../copies/same-command.ts';
import { listProcesses, type ProcessEntry } from '../os/table.ts';

export const WATCH_AFTER_STOP_MS = 60_000;
export const WATCH_EVERY_MS = 1_000;

interface Watched {
  spec: CommandSpec;
  cwd: string;
  until: number;
}

export interface CopyWatchOptions {
  /** A process running `name`'s command appeared. */
  found(name: string, entry: ProcessEntry): void;
  everyMs?: number;
  /** Pids that are never a copy (Upkeep's own runs). */
  owned(): ReadonlySet<number>;
}

function readCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

async function snapshotPids(): Promise<number[]> {
  if (process.platform === 'linux') return listPids();
  return (await listProcesses({ wantCwd: () => false })).map((entry) => entry.pid);
}

async function entriesOf(pids: readonly number[]): Promise<ProcessEntry[]> {
  if (process.platform !== 'linux') {
    const wanted = new Set(pids);
    return (await listProcesses({ wantCwd: (entry) => wanted.has(entry.pid) })).filter((entry) => wanted.has(entry.pid));
  }
  return pids.flatMap((pid) => {
    const argv = readArgv(pid);
    if (!argv || argv.length === 0) return [];
    return [{ pid, ppid: 0, pgid: 0, argv, command: displayCommand(argv), cwd: readCwd(pid) }];
  });
}

export class CopyWatch {
  private readonly watched = new Map<string, Watched>();
  private known: Set<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly options: CopyWatchOptions;

  constructor(options: CopyWatchOptions) {
    this.options = options;
  }

  /** Watches `name` for a while from now (again from now if it is watched already). */
  watch(name: string, spec: CommandSpec, forMs = WATCH_AFTER_STOP_MS): void {
    this.watched.set(name, { spec, cwd: canonicalCwd(spec.cwd), until: Date.now() + forMs });
    if (this.timer) return;
    this.known = null;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.everyMs ?? WATCH_EVERY_MS);
    this.timer.unref();
  }

  unwatch(name: string): void {
    this.watched.delete(name);
    if (this.watched.size === 0) this.stopTimer();
  }

  get watching(): string[] {
    return [...this.watched.keys()];
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.known = null;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      for (const [name, watched] of this.watched) if (watched.until <= now) this.watched.delete(name);
      if (this.watched.size === 0) return this.stopTimer();
      const pids = await snapshotPids();
      const fresh = this.known === null ? [] : pids.filter((pid) => !(this.known as Set<number>).has(pid));
      // The first look only learns what exists: a copy running at the stop is a duplicate, found by its own scan.
      this.known = new Set(pids);
      if (fresh.length === 0) return;
      const owned = this.options.owned();
      for (const entry of await entriesOf(fresh.filter((pid) => pid !== process.pid && !owned.has(pid)))) {
        for (const [name, watched] of this.watched) {
          if (entry.cwd !== null && runsCommand(entry, watched.spec, watched.cwd)) {
            this.watched.delete(name);
            this.options.found(name, entry);
          }
        }
      }
      if (this.watched.size === 0) this.stopTimer();
    } finally {
      this.ticking = false;
    }
  }

  close(): void {
    this.watched.clear();
    this.stopTimer();
  }
}
