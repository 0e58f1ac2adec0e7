/**
 * Which supervisor, if any, a process runs under, read from its ancestry.
 * PM2, supervisord and cron count anywhere up the chain (they start jobs
 * through shells and wrappers). systemd and launchd count only as the direct
 * parent: on a desktop every terminal descends from `systemd --user` (and on
 * macOS everything from launchd), so a deeper one says nothing. An orphan
 * re-parented to init looks the same as a unit's main process; the class only
 * informs — a supervised process is never stopped without the user, like a stranger.
 */
import path from 'node:path';
import type { ProcessEntry } from '../os/table.ts';

export type SupervisorName = 'pm2' | 'supervisord' | 'cron' | 'systemd' | 'launchd';

/** argv[0], or the script an interpreter runs (`python3 /usr/bin/supervisord`). */
function programNames(entry: ProcessEntry): string[] {
  return entry.argv.slice(0, 2).map((arg) => path.basename(arg));
}

function isPm2Daemon(entry: ProcessEntry): boolean {
  // The daemon renames itself `PM2 v5.4.2: God Daemon (/home/me/.pm2)`; before that it runs pm2/lib/Daemon.js.
  return /^PM2 v\S*: God Daemon/.test(entry.command) || entry.argv.some((arg) => /[\\/]pm2[\\/]lib[\\/]Daemon\.js$/.test(arg));
}

function anywhereInChain(entry: ProcessEntry): SupervisorName | null {
  if (isPm2Daemon(entry)) return 'pm2';
  const names = programNames(entry);
  if (names.includes('supervisord')) return 'supervisord';
  if (['cron', 'crond', 'anacron'].includes(names[0] ?? '')) return 'cron';
  return null;
}

function asDirectParent(entry: ProcessEntry): SupervisorName | null {
  const program = programNames(entry)[0];
  if (program === 'launchd') return 'launchd';
  if (program === 'systemd' && (entry.pid === 1 || entry.argv.includes('--user'))) return 'systemd';
  return null;
}

/** `chain` is the owner's ancestry, nearest first (see ancestors() in os/table.ts). */
export function supervisorOf(chain: readonly ProcessEntry[]): SupervisorName | null {
  const parent = chain[0];
  const direct = parent ? asDirectParent(parent) : null;
  if (direct) return direct;
  for (const entry of chain) {
    const found = anywhereInChain(entry);
    if (found) return found;
  }
  return null;
}
