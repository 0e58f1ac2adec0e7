/**
 * CPU % and memory (RSS) of whole process trees, in one batch.
 *
 * Tree membership comes from one process table snapshot rather than one
 * ps-tree call per root: ps-tree spawns `ps` each time, so N services would
 * cost N spawns per sample, while the table is one read of /proc (one `ps`
 * on macOS) for all of them. Then every pid of every tree goes to ONE
 * pidusage call (on Linux pidusage reads /proc too; only its first call
 * spawns, `getconf` for the clock tick and page size, through /bin/sh).
 */
import pidusage from 'pidusage';
import { descendants, entryOf, listProcesses, type ProcessEntry } from '../os/table.ts';

export interface TreeUsage {
  /** Percent of one core, summed over the tree (can pass 100 on several cores). */
  cpu: number;
  /** Resident memory in bytes, summed over the tree. */
  memory: number;
  /** Processes in the tree, the root included. */
  processes: number;
}

type UsageReader = (pids: number[]) => Promise<Record<string, { cpu: number; memory: number } | null | undefined>>;

/**
 * pidusage measures CPU between two calls; its first reading of a pid is 0.
 * A pid we have not read lately gets a first reading this long before the real one.
 */
const FIRST_READING_GAP_MS = 200;
/** pidusage forgets a pid after its `maxage` (60 s by default); so do we. */
const REMEMBER_MS = 60_000;
const lastRead = new Map<number, number>();

async function readUsage(pids: number[]): ReturnType<UsageReader> {
  const now = Date.now();
  for (const [pid, at] of lastRead) if (now - at > REMEMBER_MS) lastRead.delete(pid);
  const fresh = pids.filter((pid) => !lastRead.has(pid));
  // pidusage rejects when a lone pid is gone; in a batch a gone pid is just null.
  const read = (list: number[]) => pidusage([...list]).catch(() => ({}));
  if (fresh.length > 0) {
    await read(fresh);
    await new Promise((resolve) => setTimeout(resolve, FIRST_READING_GAP_MS));
  }
  for (const pid of pids) lastRead.set(pid, Date.now());
  return read(pids);
}

/** Forgets every reading (and lets pidusage close the /proc files it keeps open). */
export function forgetUsageHistory(): void {
  lastRead.clear();
  pidusage.clear();
}

export interface SampleOptions {
  /** A snapshot to use instead of reading the table again. */
  table?: readonly ProcessEntry[];
  /**
   * A snapshot someone else just read (or is reading): used when it holds
   * every root, else the table is read afresh (a service restarted since
   * would have no figures in this sample).
   */
  recent?: Promise<readonly ProcessEntry[]> | null;
  /** Tests hand in a fake. */
  readUsage?: UsageReader;
}

async function usableRecent(recent: Promise<readonly ProcessEntry[]> | null | undefined, roots: readonly number[]): Promise<readonly ProcessEntry[] | null> {
  const table = recent ? await recent.catch(() => null) : null;
  return table && roots.every((pid) => entryOf(table, pid) !== undefined) ? table : null;
}

/** Usage per root pid; a root that is not running has no entry. */
export async function sampleTrees(rootPids: readonly number[], options: SampleOptions = {}): Promise<Map<number, TreeUsage>> {
  const result = new Map<number, TreeUsage>();
  if (rootPids.length === 0) return result;
  const table = options.table ?? (await usableRecent(options.recent, rootPids)) ?? (await listProcesses({ wantCwd: () => false }));
  const present = new Set(table.map((entry) => entry.pid));
  const trees = new Map<number, number[]>();
  for (const root of new Set(rootPids)) {
    if (present.has(root)) trees.set(root, [root, ...descendants(table, root).map((entry) => entry.pid)]);
  }
  const all = [...new Set([...trees.values()].flat())];
  if (all.length === 0) return result;
  const usage = await (options.readUsage ?? readUsage)(all);
  for (const [root, members] of trees) {
    const total: TreeUsage = { cpu: 0, memory: 0, processes: 0 };
    for (const pid of members) {
      const stat = usage[String(pid)];
      if (!stat) continue; // exited between the snapshot and the reading
      total.cpu += Number.isFinite(stat.cpu) ? stat.cpu : 0;
      total.memory += Number.isFinite(stat.memory) ? stat.memory : 0;
      total.processes += 1;
    }
    if (total.processes > 0) result.set(root, { ...total, cpu: Math.round(total.cpu * 10) / 10 });
  }
  return result;
}
