/**
 * Who listens on a TCP port (IPv4 or IPv6). Linux: the LISTEN sockets of that
 * port in /proc/net/tcp{,6} give socket inodes, and one pass over the fd
 * links of every process finds who holds them — no tool spawned. macOS: lsof.
 * When we may not look at the owner (another user's process), the answer is
 * null rather than a guess.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { displayCommand } from '../os/command-line.ts';
import { inBatches, listPids, parseStat, readArgv } from '../os/proc-fs.ts';
import { runTool } from '../os/run-tool.ts';
import { listListeners } from './listeners.ts';

export interface PortHolder {
  pid: number;
  command: string;
  argv: string[];
}

interface Holder {
  pid: number;
  ppid: number;
}

/**
 * Forked workers (gunicorn, node cluster, nginx) share the listening socket
 * with their parent: name the top of that family, the one a person started.
 */
function topHolder(holders: Holder[]): number | null {
  const pids = new Set(holders.map((holder) => holder.pid));
  const tops = holders.filter((holder) => !pids.has(holder.ppid)).map((holder) => holder.pid);
  return tops.length > 0 ? Math.min(...tops) : null;
}

function holdsSocket(pid: number, inodes: ReadonlySet<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or not ours to look into
  }
  return fds.some((fd) => {
    try {
      return inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false; // closed meanwhile
    }
  });
}

function readPpid(pid: number): number | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.ppid ?? null;
  } catch {
    return null;
  }
}

async function linuxOwner(port: number): Promise<PortHolder | null> {
  const inodes = new Set(
    (await listListeners()).filter((l) => l.port === port && l.inode > 0).map((l) => `socket:[${l.inode}]`),
  );
  if (inodes.size === 0) return null;
  // Same batched synchronous reads as the process table (see proc-fs.ts for why).
  const holders: Holder[] = [];
  for (const pid of await inBatches(listPids(), (pid) => (holdsSocket(pid, inodes) ? pid : null))) {
    const ppid = pid === null ? null : readPpid(pid);
    if (pid !== null && ppid !== null) holders.push({ pid, ppid });
  }
  const pid = topHolder(holders);
  const argv = pid === null ? null : readArgv(pid);
  if (pid === null || !argv || argv.length === 0) return null;
  return { pid, command: displayCommand(argv), argv };
}

/** Parses `lsof -Fp -FR` output: `p<pid>` then `R<ppid>` per process. */
export function parseLsofHolders(output: string): Holder[] {
  const holders: Holder[] = [];
  for (const line of output.split('\n')) {
    const value = Number(line.slice(1));
    if (!Number.isInteger(value) || value < 0) continue;
    if (line.startsWith('p')) holders.push({ pid: value, ppid: 0 });
    else if (line.startsWith('R') && holders.length > 0) (holders[holders.length - 1] as Holder).ppid = value;
  }
  return holders;
}

async function lsofOwner(port: number): Promise<PortHolder | null> {
  const output = await runTool('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-FpR']);
  const pid = topHolder(parseLsofHolders(output));
  if (pid === null) return null;
  const line = (await runTool('ps', ['-o', 'command=', '-p', String(pid)])).trim();
  if (!line) return null;
  const argv = line.split(/\s+/);
  return { pid, command: line, argv };
}

/** The process listening on `port`, or null when nobody does or we may not see who. */
export function findPortOwner(port: number): Promise<PortHolder | null> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.resolve(null);
  if (process.platform === 'linux') return linuxOwner(port);
  if (process.platform === 'win32') return Promise.resolve(null);
  return lsofOwner(port);
}
