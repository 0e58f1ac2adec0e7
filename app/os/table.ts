/**
 * One snapshot of the process table, and walks over it. Everything else
 * (duplicates, port owner classification, metrics, the members of a run)
 * works on a snapshot so that one read of the system answers many questions
 * consistently. descendants() is the one walk down a tree: ps-tree used to
 * give a run's tree with a `ps` spawn per call (several per stop), and
 * tree-kill still walks again at kill time, which is its one job.
 */
import { osLayer } from './current.ts';
import type { ProcessEntry, WantCwd } from './layer.ts';

export type { ProcessEntry };

export interface ListOptions {
  /**
   * Which entries need their cwd. Default: all. Reading it costs a readlink per
   * process on Linux and an lsof call on macOS, so callers that only need the
   * tree (metrics) pass `() => false`.
   */
  wantCwd?: WantCwd;
}

export function listProcesses(options: ListOptions = {}): Promise<ProcessEntry[]> {
  return osLayer().listProcesses(options.wantCwd ?? (() => true));
}

/*
 * A snapshot is read-only once taken, and asked about many times (ancestors
 * of every copy, descendants of every run): its indexes are built once per
 * snapshot, not once per question (which made detection quadratic in the
 * number of processes).
 */
const childrenIndexes = new WeakMap<readonly ProcessEntry[], Map<number, ProcessEntry[]>>();
const pidIndexes = new WeakMap<readonly ProcessEntry[], Map<number, ProcessEntry>>();

function childrenIndex(table: readonly ProcessEntry[]): Map<number, ProcessEntry[]> {
  let children = childrenIndexes.get(table);
  if (children) return children;
  children = new Map<number, ProcessEntry[]>();
  for (const entry of table) {
    if (entry.pid === entry.ppid) continue;
    const list = children.get(entry.ppid);
    if (list) list.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  childrenIndexes.set(table, children);
  return children;
}

/** The entry of `pid` in the snapshot, if it was running then. */
export function entryOf(table: readonly ProcessEntry[], pid: number): ProcessEntry | undefined {
  return pidIndex(table).get(pid);
}

function pidIndex(table: readonly ProcessEntry[]): Map<number, ProcessEntry> {
  let byPid = pidIndexes.get(table);
  if (!byPid) pidIndexes.set(table, (byPid = new Map(table.map((entry) => [entry.pid, entry]))));
  return byPid;
}

/** Every process below `pid` (children, grandchildren, …), not `pid` itself. */
export function descendants(table: readonly ProcessEntry[], pid: number): ProcessEntry[] {
  const children = childrenIndex(table);
  const found: ProcessEntry[] = [];
  const seen = new Set<number>([pid]);
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      if (seen.has(child.pid)) continue; // a snapshot taken mid-fork can hold a cycle after pid reuse
      seen.add(child.pid);
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Parent, grandparent, … up to the root, nearest first; not `pid` itself. */
export function ancestors(table: readonly ProcessEntry[], pid: number): ProcessEntry[] {
  const byPid = pidIndex(table);
  const found: ProcessEntry[] = [];
  const seen = new Set<number>([pid]);
  let current = byPid.get(pid);
  while (current && !seen.has(current.ppid)) {
    const parent = byPid.get(current.ppid);
    if (!parent) break;
    seen.add(parent.pid);
    found.push(parent);
    current = parent;
  }
  return found;
}
