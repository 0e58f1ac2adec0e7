/**
 * Reading /proc (Linux): pids, stat, cmdline, the cwd link, environ and fd
 * links. Processes come and go while we read; one that vanishes mid-read is
 * simply left out, and a file we may not read (another user's) is null.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { parseStat, type StatFields } from './proc-stat.ts';

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

export function readStat(pid: number): StatFields | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // gone
  }
}

export function readArgv(pid: number): string[] | null {
  try {
    return parseCmdline(readFileSync(`/proc/${pid}/cmdline`));
  } catch {
    return null;
  }
}

export function readCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** The raw environ (NUL-separated), or null when gone or not ours to read. */
export function readEnviron(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return null;
  }
}

/** True when one of the process's fds links to one of `targets` (`socket:[inode]`). */
export function holdsAnyOf(pid: number, targets: ReadonlySet<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or not ours to look into
  }
  return fds.some((fd) => {
    try {
      return targets.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false; // closed meanwhile
    }
  });
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
