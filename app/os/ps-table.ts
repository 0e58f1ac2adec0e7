/**
 * The process table on macOS (and other Unixes without /proc): one `ps` call
 * for the tree and command lines, one `lsof` call for the cwds that are
 * wanted. `ps` prints the command line as one string, so argv is that line
 * split on whitespace — an argument that held a space comes back as two.
 */
import { displayCommand } from './command-line.ts';
import { runTool } from './run-tool.ts';
import type { ProcessEntry } from './table.ts';

/** Parses `ps -axo pid=,ppid=,pgid=,command=`. Lines that do not parse are skipped. */
export function parsePsTable(output: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s?(.*)$/.exec(line);
    if (!match) continue;
    const argv = (match[4] ?? '').trim().split(/\s+/).filter(Boolean);
    entries.push({
      pid: Number(match[1]),
      ppid: Number(match[2]),
      pgid: Number(match[3]),
      argv,
      command: displayCommand(argv),
      cwd: null,
    });
  }
  return entries;
}

/** Parses `lsof -a -d cwd -Fpn -p …`: `p<pid>` starts a process, `n<path>` is its cwd. */
export function parseLsofCwds(output: string): Map<number, string> {
  const cwds = new Map<number, string>();
  let pid: number | null = null;
  for (const line of output.split('\n')) {
    if (line.startsWith('p')) {
      const value = Number(line.slice(1));
      pid = Number.isInteger(value) && value > 0 ? value : null;
    } else if (line.startsWith('n') && pid !== null && !cwds.has(pid)) {
      cwds.set(pid, line.slice(1));
    }
  }
  return cwds;
}

export async function readPsTable(wantCwd: (entry: ProcessEntry) => boolean): Promise<ProcessEntry[]> {
  const entries = parsePsTable(await runTool('ps', ['-axo', 'pid=,ppid=,pgid=,command=']));
  const wanted = entries.filter((entry) => entry.argv.length > 0 && wantCwd(entry));
  if (wanted.length > 0) {
    const pids = wanted.map((entry) => entry.pid).join(',');
    const cwds = parseLsofCwds(await runTool('lsof', ['-a', '-d', 'cwd', '-Fpn', '-p', pids]));
    for (const entry of wanted) entry.cwd = cwds.get(entry.pid) ?? null;
  }
  return entries;
}
