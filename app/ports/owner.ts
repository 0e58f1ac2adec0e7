/**
 * Who listens on a TCP port (IPv4 or IPv6): the OS layer names the processes
 * holding the LISTEN socket; forked workers share it with their parent, so
 * the top of that family is the owner. When we may not look at the owner
 * (another user's process), the answer is null rather than a guess.
 */
import { displayCommand } from '../os/command-line.ts';
import { osLayer } from '../os/current.ts';
import type { SocketHolder } from '../os/layer.ts';

export interface PortHolder {
  pid: number;
  command: string;
  argv: string[];
}

/**
 * Forked workers (gunicorn, node cluster, nginx) share the listening socket
 * with their parent: name the top of that family, the one a person started.
 */
function topHolder(holders: readonly SocketHolder[]): number | null {
  const pids = new Set(holders.map((holder) => holder.pid));
  const tops = holders.filter((holder) => !pids.has(holder.ppid)).map((holder) => holder.pid);
  return tops.length > 0 ? Math.min(...tops) : null;
}

/** The process listening on `port`, or null when nobody does or we may not see who. */
export async function findPortOwner(port: number): Promise<PortHolder | null> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const os = osLayer();
  const pid = topHolder(await os.listenerHolders(port));
  const argv = pid === null ? null : await os.argvOf(pid);
  if (pid === null || !argv || argv.length === 0) return null;
  return { pid, command: displayCommand(argv), argv };
}
