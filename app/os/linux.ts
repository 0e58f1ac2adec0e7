/**
 * The OS layer on Linux: everything from /proc, no tool spawned. Start time
 * is stat field 22; the table is stat + cmdline (+ the cwd link when asked);
 * environments are /proc/PID/environ; a port's holders are found by matching
 * the LISTEN socket inodes of /proc/net/tcp{,6} against every process's fd links.
 */
import { displayCommand } from './command-line.ts';
import type { EnvProcess, OsLayer, ProcessEntry, SocketHolder, WantCwd } from './layer.ts';
import { holdsAnyOf, inBatches, listPids, readArgv, readCwd, readEnviron, readStat } from './proc-fs.ts';
import { readTcpListeners } from './proc-net.ts';
import { isZombie, type StatFields } from './proc-stat.ts';

/** The start-time token of a stat reading (its field 22), null when it has none. */
function startToken(stat: StatFields): string | null {
  return stat.startTicks ? `linux:${stat.startTicks}` : null;
}

function startTime(pid: number): string | null {
  const stat = readStat(pid);
  return !stat || isZombie(stat) ? null : startToken(stat);
}

function readEntry(pid: number, wantCwd: WantCwd): ProcessEntry | null {
  const stat = readStat(pid);
  if (!stat) return null; // gone between readdir and now
  const argv = readArgv(pid) ?? [];
  // Kernel threads and zombies have no argv: show the kernel's name like ps does.
  const command = argv.length > 0 ? displayCommand(argv) : `[${stat.name}]`;
  const entry: ProcessEntry = { pid, ppid: stat.ppid, pgid: stat.pgid, argv, command, cwd: null };
  const started = startToken(stat);
  if (started) entry.startTime = started;
  if (argv.length > 0 && wantCwd(entry)) entry.cwd = readCwd(pid);
  return entry;
}

async function listProcesses(wantCwd: WantCwd): Promise<ProcessEntry[]> {
  const entries = await inBatches(listPids(), (pid) => readEntry(pid, wantCwd));
  return entries.filter((entry): entry is ProcessEntry => entry !== null);
}

/** /proc/PID/environ's NUL-separated block as `NAME=value` entries. */
function environEntries(raw: string): string[] {
  return raw.split('\0').filter(Boolean);
}

function readEnvProcess(pid: number, marker: string): EnvProcess | null {
  const environ = readEnviron(pid);
  if (environ === null || !environ.includes(marker)) return null;
  const stat = readStat(pid);
  if (!stat || isZombie(stat)) return null;
  return { pid, ppid: stat.ppid, pgid: stat.pgid, env: environEntries(environ) };
}

async function processesWithEnv(marker: string): Promise<EnvProcess[]> {
  const found = await inBatches(listPids(), (pid) => readEnvProcess(pid, marker));
  return found.filter((p): p is EnvProcess => p !== null);
}

async function listenerHolders(port: number): Promise<SocketHolder[]> {
  const inodes = new Set(
    (await readTcpListeners()).filter((l) => l.port === port && l.inode > 0).map((l) => `socket:[${l.inode}]`),
  );
  if (inodes.size === 0) return [];
  const holders: SocketHolder[] = [];
  for (const pid of await inBatches(listPids(), (pid) => (holdsAnyOf(pid, inodes) ? pid : null))) {
    const stat = pid === null ? null : readStat(pid);
    if (pid !== null && stat) holders.push({ pid, ppid: stat.ppid });
  }
  return holders;
}

export const linux: OsLayer = {
  name: 'linux',
  startTime,
  listProcesses,
  processesWithEnv,
  environOf: (pid) => {
    const raw = readEnviron(pid);
    return raw === null ? null : environEntries(raw);
  },
  listListeners: readTcpListeners,
  listenerHolders,
  argvOf: (pid) => Promise.resolve(readArgv(pid)),
  wildcardBindSeesEveryListener: true,
};
