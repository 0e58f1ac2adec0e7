/**
 * Copies of a service's command that the engine does not own: left by an old
 * watchdog, cron, PM2, a terminal or an earlier crash. What counts as the same
 * command is written in same-command.ts.
 */
import { canonicalCwd, runsCommand, type CommandSpec } from './same-command.ts';
import { ancestors, descendants, type ProcessEntry } from '../os/table.ts';

export type { CommandSpec };

/**
 * Processes running `spec` that are neither in `ownedPids`, nor inside an owned
 * tree, nor in an owned process group (a prefork server's workers, still in
 * the group after their master died, are being stopped with it). Only the top of each copy is listed (a `sh -c` wrapper rather than the
 * child it runs as well), since stopping a copy means stopping its tree.
 */
export function findDuplicates(
  table: readonly ProcessEntry[],
  spec: CommandSpec,
  ownedPids: ReadonlySet<number>,
  ownedGroups: ReadonlySet<number> = new Set(),
): ProcessEntry[] {
  const excluded = new Set<number>([process.pid]);
  for (const entry of table) if (ownedGroups.has(entry.pgid)) excluded.add(entry.pid);
  for (const pid of ownedPids) {
    excluded.add(pid);
    for (const entry of descendants(table, pid)) excluded.add(entry.pid);
  }
  const cwd = canonicalCwd(spec.cwd);
  const copies = table.filter((entry) => !excluded.has(entry.pid) && runsCommand(entry, spec, cwd));
  const copyPids = new Set(copies.map((entry) => entry.pid));
  return copies.filter((entry) => !ancestors(table, entry.pid).some((parent) => copyPids.has(parent.pid)));
}
