/**
 * Every live process of one run of a service: the tree under its pid, its
 * process group, and anything still carrying the run's UPKEEP_RUN_ID in its
 * environment — which finds a grandchild that double-forked out of the tree
 * and the group (Linux: /proc/PID/environ; elsewhere `ps eww`).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import psTree from 'ps-tree';
import { RUN_ID_ENV } from './launch-env.ts';

export function treeOf(pid: number): Promise<number[]> {
  return new Promise((resolve) => {
    psTree(pid, (error, children) => {
      if (error) return resolve([]);
      resolve(children.map((child) => Number(child.PID)).filter((n) => Number.isInteger(n) && n > 0));
    });
  });
}

export async function processesWithRunId(runId: string): Promise<number[]> {
  const needle = `${RUN_ID_ENV}=${runId}`;
  if (process.platform === 'linux') {
    const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
    const found: number[] = [];
    await Promise.all(
      pids.map(async (pid) => {
        try {
          const environ = await readFile(`/proc/${pid}/environ`, 'latin1');
          if (environ.split('\0').includes(needle)) found.push(pid);
        } catch {
          // gone, or not ours to read
        }
      }),
    );
    return found;
  }
  if (process.platform === 'win32') return [];
  return new Promise((resolve) => {
    execFile('ps', ['eww', '-axo', 'pid=,command='], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve([]);
      const pids = stdout
        .split('\n')
        .filter((line) => line.includes(needle))
        .map((line) => Number(line.trim().split(/\s+/, 1)[0]))
        .filter((n) => Number.isInteger(n) && n > 0);
      resolve(pids);
    });
  });
}

/** Union of the tree, the tagged processes and the root itself. */
export async function runMembers(pid: number, runId: string): Promise<number[]> {
  const [tree, tagged] = await Promise.all([treeOf(pid), processesWithRunId(runId)]);
  return [...new Set([pid, ...tree, ...tagged])].filter((p) => p !== process.pid);
}
