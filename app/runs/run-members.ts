/**
 * Every live process of one run of a service: the tree under its pid, and
 * anything still carrying the run's UPKEEP_RUN_ID in its environment — which
 * finds a grandchild that double-forked out of the tree and the group.
 */
import type { ProcessEntry } from '../os/layer.ts';
import { descendants, listProcesses } from '../os/table.ts';
import { listTaggedProcesses, RunTagCache, type TaggedProcess } from './tags.ts';

interface Reading {
  table: ProcessEntry[];
  tagged: TaggedProcess[];
}

/**
 * One reading of the process table at a time, shared by every stop that asks
 * while it is taken: `stop all` with 30 services read every process's
 * environment 60 times. One that asks after a reading ends gets a new one. A
 * process forked while a shared reading was under way may be missing from it:
 * the process group's signal reaches it, and the SIGKILL rounds read again
 * until nothing of the run is alive.
 */
let reading: Promise<Reading> | null = null;
/** A polite stop reads the table twice (before the signal, and in the first kill round): environments are read once per process. */
const runTags = new RunTagCache();

function readTable(): Promise<Reading> {
  reading ??= listProcesses({ wantCwd: () => false })
    .then(async (table) => ({ table, tagged: await runTags.tagged(table) }))
    .finally(() => {
      reading = null;
    });
  return reading;
}

export async function processesWithRunId(runId: string): Promise<number[]> {
  return (await listTaggedProcesses()).filter((p) => p.runId === runId).map((p) => p.pid);
}

/** Union of the tree, the tagged processes and the root itself. */
export async function runMembers(pid: number, runId: string): Promise<number[]> {
  const { table, tagged } = await readTable();
  const tree = descendants(table, pid).map((entry) => entry.pid);
  const tags = runId ? tagged.filter((p) => p.runId === runId).map((p) => p.pid) : [];
  return [...new Set([pid, ...tree, ...tags])].filter((p) => p !== process.pid);
}
