/**
 * The Linux process table from /proc: stat for the tree, cmdline for argv, the
 * cwd link. Processes come and go while we read; one that vanishes mid-read is
 * simply left out, and a file we may not read (another user's cwd) is null.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { displayCommand } from './command-line.ts';
import type { ProcessEntry } from './table.ts';

export interface StatFields {
  /** The kernel's short name (`comm`), at most 15 characters. */
  name: string;
  state: string;
  ppid: number;
  pgid: number;
}

/** Parses /proc/PID/stat; null when it does not look like one. */
export function parseStat(text: string): StatFields | null {
  // The name (field 2) may hold spaces and parentheses: it ends at the LAST ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).split(' ');
  const [state, ppid, pgid] = [fields[0], Number(fields[1]), Number(fields[2])];
  if (!state || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return null;
  return { name: text.slice(open + 1, close), state, ppid, pgid };
}

/**
 * /proc/PID/cmdline ends every argument with a NUL (so an empty argument is
 * an extra NUL). A process that set its title (`process.title`) shows the
 * title followed by NUL padding: that is one string, not empty arguments.
 */
export function parseCmdline(buffer: Buffer): string[] {
  const parts = buffer.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 2 && parts.slice(1).every((part) => part === '')) return parts.slice(0, 1);
  return parts;
}

export function readArgv(pid: number): string[] | null {
  try {
    return parseCmdline(readFileSync(`/proc/${pid}/cmdline`));
  } catch {
    return null;
  }
}

function readCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

function readEntry(pid: number, wantCwd: (entry: ProcessEntry) => boolean): ProcessEntry | null {
  let stat: StatFields | null;
  try {
    stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // gone between readdir and now
  }
  if (!stat) return null;
  const argv = readArgv(pid) ?? [];
  // Kernel threads and zombies have no argv: show the kernel's name like ps does.
  const command = argv.length > 0 ? displayCommand(argv) : `[${stat.name}]`;
  const entry: ProcessEntry = { pid, ppid: stat.ppid, pgid: stat.pgid, argv, command, cwd: null };
  if (argv.length > 0 && wantCwd(entry)) entry.cwd = readCwd(pid);
  return entry;
}

export function listPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Processes read per turn of the event loop. */
const PROC_BATCH = 64;

/**
 * Reads /proc synchronously, a batch at a time, yielding to the event loop
 * between batches. Measured with 527 processes: 33 ms this way against
 * 158 ms with fs.promises (each async readFile is four thread-pool trips),
 * and the engine never stalls for more than one batch.
 */
export async function inBatches<T>(pids: readonly number[], read: (pid: number) => T): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < pids.length; i += PROC_BATCH) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const pid of pids.slice(i, i + PROC_BATCH)) results.push(read(pid));
  }
  return results;
}

export async function readLinuxTable(wantCwd: (entry: ProcessEntry) => boolean): Promise<ProcessEntry[]> {
  const entries = await inBatches(listPids(), (pid) => readEntry(pid, wantCwd));
  return entries.filter((entry): entry is ProcessEntry => entry !== null);
}
