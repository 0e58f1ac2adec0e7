/**
 * Parsers for `lsof -F` field output (macOS; the same lsof program, and the
 * same field format, runs on Linux). Every line is one field: its first
 * character names it (`p` pid, `R` parent pid, `f` fd, `n` name, …), and a
 * `p` line starts a new process. See lsof(8), "OUTPUT FOR OTHER PROGRAMS".
 */
import type { Listener, SocketHolder } from './layer.ts';

function pidOf(line: string): number | null {
  const value = Number(line.slice(1));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Parses `lsof -a -d cwd -Fpn -p …`: `p<pid>` starts a process, `n<path>` is its cwd. */
export function parseLsofCwds(output: string): Map<number, string> {
  const cwds = new Map<number, string>();
  let pid: number | null = null;
  for (const line of output.split('\n')) {
    if (line.startsWith('p')) pid = pidOf(line);
    else if (line.startsWith('n') && pid !== null && !cwds.has(pid)) cwds.set(pid, line.slice(1));
  }
  return cwds;
}

/**
 * Parses `lsof -nP -iTCP -sTCP:LISTEN -Fn` names: `n127.0.0.1:8080`,
 * `n*:5555` (any address, either family), `n[::1]:3000`. A connection
 * (`local->remote`) and an unbound `*:*` are not listeners.
 */
export function parseLsofListeners(output: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of output.split('\n')) {
    const match = /^n(.*):(\d+)$/.exec(line);
    if (!match || line.includes('->')) continue;
    const host = (match[1] as string).replace(/^\[(.*)\]$/, '$1');
    listeners.push({ address: host === '*' ? '0.0.0.0' : host, port: Number(match[2]), inode: 0 });
  }
  return listeners;
}

/** Parses `lsof -Fp -FR` output: `p<pid>` then `R<ppid>` per process. */
export function parseLsofHolders(output: string): SocketHolder[] {
  const holders: SocketHolder[] = [];
  for (const line of output.split('\n')) {
    const value = Number(line.slice(1));
    if (!Number.isInteger(value) || value < 0) continue;
    if (line.startsWith('p')) holders.push({ pid: value, ppid: 0 });
    else if (line.startsWith('R') && holders.length > 0) (holders[holders.length - 1] as SocketHolder).ppid = value;
  }
  return holders;
}
