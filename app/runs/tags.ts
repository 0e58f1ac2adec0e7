/**
 * Every process the engine starts carries tags in its environment
 * (UPKEEP_DATA_DIR, UPKEEP_SERVICE, UPKEEP_RUN_ID), and its descendants inherit
 * them. Reading them back finds a run's processes without any file: a
 * grandchild that left the tree, or a service whose run record was lost or
 * never written (an engine killed right after spawn).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

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

async function linuxTagged(): Promise<TaggedProcess[]> {
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e));
  const found: TaggedProcess[] = [];
  await Promise.all(
    pids.map(async (entry) => {
      try {
        const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
        if (!environ.includes('UPKEEP_RUN_ID=')) return;
        const tags = tagsFrom(environ.split('\0'));
        if (!tags) return;
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields[0] === 'Z') return;
        found.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), ...tags });
      } catch {
        // gone, or not ours to read
      }
    }),
  );
  return found;
}

function psTagged(): Promise<TaggedProcess[]> {
  // `ps eww` appends each process's environment to its command line (own processes only).
  return new Promise((resolve) => {
    execFile('ps', ['eww', '-axo', 'pid=,ppid=,pgid=,command='], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve([]);
      const found: TaggedProcess[] = [];
      for (const line of stdout.split('\n')) {
        if (!line.includes('UPKEEP_RUN_ID=')) continue;
        const [pid, ppid, pgid, ...rest] = line.trim().split(/\s+/);
        const tags = tagsFrom(rest);
        if (tags) found.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), ...tags });
      }
      resolve(found);
    });
  });
}

export function listTaggedProcesses(): Promise<TaggedProcess[]> {
  if (process.platform === 'linux') return linuxTagged();
  if (process.platform === 'win32') return Promise.resolve([]);
  return psTagged();
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
