/**
 * Every live process of one run of a service: the tree under its pid, and
 * anything still carrying the run's UPKEEP_RUN_ID in its environment — which
 * finds a grandchild that double-forked out of the tree and the group.
 */
import { descendants, listProcesses } from '../os/table.ts';
import { listTaggedProcesses } from './tags.ts';

export async function treeOf(pid: number): Promise<number[]> {
  return descendants(await listProcesses({ wantCwd: () => false }), pid).map((entry) => entry.pid);
}

export async function processesWithRunId(runId: string): Promise<number[]> {
  return (await listTaggedProcesses()).filter((p) => p.runId === runId).map((p) => p.pid);
}

/** Union of the tree, the tagged processes and the root itself. */
export async function runMembers(pid: number, runId: string): Promise<number[]> {
  const [tree, tagged] = await Promise.all([treeOf(pid), runId ? processesWithRunId(runId) : Promise.resolve([])]);
  return [...new Set([pid, ...tree, ...tagged])].filter((p) => p !== process.pid);
}
