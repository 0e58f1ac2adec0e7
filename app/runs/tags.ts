/**
 * Every process the engine starts carries tags in its environment
 * (UPKEEP_DATA_DIR, UPKEEP_SERVICE, UPKEEP_RUN_ID), and its descendants inherit
 * them. Reading them back finds a run's processes without any file: a
 * grandchild that left the tree, or a service whose run record was lost or
 * never written (an engine killed right after spawn).
 */
import { osLayer } from '../os/current.ts';
import type { ProcessEntry } from '../os/layer.ts';

export const TAG = {
  dataDir: 'UPKEEP_DATA_DIR',
  service: 'UPKEEP_SERVICE',
  runId: 'UPKEEP_RUN_ID',
} as const;

export interface TaggedProcess {
  pid: number;
  ppid: number;
  pgid: number;
  dataDir: string | null;
  service: string | null;
  runId: string | null;
}

type Tags = Pick<TaggedProcess, 'dataDir' | 'service' | 'runId'>;

function tagsFrom(pairs: Iterable<string>): Tags | null {
  let dataDir: string | null = null;
  let service: string | null = null;
  let runId: string | null = null;
  for (const pair of pairs) {
    if (!pair.startsWith('UPKEEP_')) continue;
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (key === TAG.dataDir) dataDir = value;
    else if (key === TAG.service) service = value;
    else if (key === TAG.runId) runId = value;
  }
  return runId ? { dataDir, service, runId } : null;
}

export async function listTaggedProcesses(): Promise<TaggedProcess[]> {
  const found: TaggedProcess[] = [];
  for (const p of await osLayer().processesWithEnv(`${TAG.runId}=`)) {
    const tags = tagsFrom(p.env);
    if (tags) found.push({ pid: p.pid, ppid: p.ppid, pgid: p.pgid, ...tags });
  }
  return found;
}

/**
 * The topmost live process of each run of this data dir: tagged, and its
 * parent is not part of the same run. That is the run's root — or a leftover
 * whose root is gone (a child orphaned by a crash), which `isRunLeader` tells
 * apart.
 */
export async function findRunTops(dataDir: string): Promise<TaggedProcess[]> {
  return runTopsOf(await listTaggedProcesses(), dataDir);
}

function runTopsOf(all: readonly TaggedProcess[], dataDir: string): TaggedProcess[] {
  const tagged = all.filter((p) => p.dataDir === dataDir && p.service && p.pid !== process.pid);
  const byPid = new Map(tagged.map((p) => [p.pid, p]));
  return tagged.filter((p) => byPid.get(p.ppid)?.runId !== p.runId);
}

/**
 * findRunTops over a process table already read, each process's environment
 * read once. A process's /proc/PID/environ is what it was started with, so
 * its tags are kept while the same process (pid and start time) runs the same
 * command; an exec to another command reads it again. The copy scan runs
 * every 1.5 s under a polling status bar, and reading every process's
 * environment each time cost it about 11 ms with 520 processes. Where
 * environments come only in bulk (macOS's `ps eww`), it reads them all.
 */
export class RunTagCache {
  private readonly known = new Map<number, { key: string; tags: Tags | null }>();

  async runTops(table: readonly ProcessEntry[], dataDir: string): Promise<TaggedProcess[]> {
    return runTopsOf(await this.tagged(table), dataDir);
  }

  /** Every tagged process of `table` (listTaggedProcesses over a table already read). */
  async tagged(table: readonly ProcessEntry[]): Promise<TaggedProcess[]> {
    const environOf = osLayer().environOf;
    if (!environOf) return listTaggedProcesses();
    const tagged: TaggedProcess[] = [];
    for (const entry of table) {
      const tags = this.tagsOf(entry, environOf);
      if (tags) tagged.push({ pid: entry.pid, ppid: entry.ppid, pgid: entry.pgid, ...tags });
    }
    const alive = new Set(table.map((entry) => entry.pid));
    for (const pid of this.known.keys()) if (!alive.has(pid)) this.known.delete(pid);
    return tagged;
  }

  private tagsOf(entry: ProcessEntry, environOf: (pid: number) => string[] | null): Tags | null {
    const key = entry.startTime === undefined ? null : `${entry.startTime} ${entry.command}`;
    const known = this.known.get(entry.pid);
    if (key !== null && known?.key === key) return known.tags;
    // Unreadable is remembered too: another user's process never carries our tags, and a gone one leaves the table.
    const environ = environOf(entry.pid);
    const tags = environ ? tagsFrom(environ) : null;
    if (key !== null) this.known.set(entry.pid, { key, tags });
    return tags;
  }
}

/** A run's root leads its own process group (services are spawned detached); an orphaned child does not. */
export function isRunLeader(p: TaggedProcess): boolean {
  return p.pgid === p.pid;
}
