/**
 * Every live process of one run of a service: the tree under its pid (ps-tree),
 * and anything still carrying the run's UPKEEP_RUN_ID in its environment —
 * which finds a grandchild that double-forked out of the tree and the group.
 */
import psTree from 'ps-tree';
import { listTaggedProcesses } from './tags.ts';

export function treeOf(pid: number): Promise<number[]> {
  return new Promise((resolve) => {
    psTree(pid, (error, children) => {
      if (error) return resolve([]);
      resolve(children.map((child) => Number(child.PID)).filter((n) => Number.isInteger(n) && n > 0));
    });
  });
}

export async function processesWithRunId(runId: string): Promise<number[]> {
  return (await listTaggedProcesses()).filter((p) => p.runId === runId).map((p) => p.pid);
}

/** Union of the tree, the tagged processes and the root itself. */
export async function runMembers(pid: number, runId: string): Promise<number[]> {
  const [tree, tagged] = await Promise.all([treeOf(pid), processesWithRunId(runId)]);
  return [...new Set([pid, ...tree, ...tagged])].filter((p) => p !== process.pid);
}
