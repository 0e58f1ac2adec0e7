/**
 * Every process the engine starts carries tags in its environment
 * (UPKEEP_DATA_DIR, UPKEEP_SERVICE, UPKEEP_RUN_ID), and its descendants inherit
 * them. Reading them back finds a run's processes without any file: a
 * grandchild that left the tree, or a service whose run record was lost or
 * never written (an engine killed right after spawn).
 */
import { osLayer } from '../os/current.ts';

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

function tagsFrom(pairs: Iterable<string>): Pick<TaggedProcess, 'dataDir' | 'service' | 'runId'> | null {
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
  const tagged = (await listTaggedProcesses()).filter((p) => p.dataDir === dataDir && p.service && p.pid !== process.pid);
  const byPid = new Map(tagged.map((p) => [p.pid, p]));
  return tagged.filter((p) => byPid.get(p.ppid)?.runId !== p.runId);
}

/** A run's root leads its own process group (services are spawned detached); an orphaned child does not. */
export function isRunLeader(p: TaggedProcess): boolean {
  return p.pgid === p.pid;
}
