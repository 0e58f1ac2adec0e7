/**
 * The words for who holds a port, written once: the runner's reason, the
 * CLI's table, the tray, notifications and the window's conflict panel all
 * say "python3 (pid 52846, a stale copy of runner)" the same way.
 */
import type { ClassifiedProcess, Problem } from '../api.ts';

const SUPERVISOR_NAMES: Record<string, string> = {
  pm2: 'PM2',
  supervisord: 'supervisord',
  systemd: 'systemd',
  launchd: 'launchd',
  cron: 'cron',
  watchdog: 'a watchdog',
};

/** "PM2 (app ghost, id 0)", "a watchdog (watchdog.sh pid 4242)", or "another supervisor". */
export function supervisorText(owner: Pick<ClassifiedProcess, 'supervisor' | 'via'>): string {
  const who = owner.supervisor ? (SUPERVISOR_NAMES[owner.supervisor] ?? owner.supervisor) : 'another supervisor';
  return owner.via ? `${who} (${owner.via})` : who;
}

/** What the owner is to Upkeep: "a stale copy of runner", "run by PM2 (app ghost, id 0)". */
export function describeClass(owner: ClassifiedProcess, service?: string): string {
  switch (owner.class) {
    case 'stale-copy':
      return `a stale copy of ${owner.service ?? service ?? 'this service'}`;
    case 'upkeep-service':
      return `the Upkeep service ${owner.service ?? '(another one)'}`;
    case 'supervised':
      return `run by ${supervisorText(owner)}`;
    case 'stranger':
      return 'not started by Upkeep';
    case 'unknown':
      return 'a process Upkeep cannot identify';
  }
}

/** The program's short name: `python3` for `/usr/bin/python3 ghost.py`. */
export function programOf(command: string): string {
  const first = command.split(/\s+/)[0] ?? command;
  return first.split('/').pop() || command;
}

/** "python3 (pid 52846, a stale copy of runner)", or that nobody visible holds it. */
export function describeOwner(owner: ClassifiedProcess | null, service?: string): string {
  return owner ? `${programOf(owner.command)} (pid ${owner.pid}, ${describeClass(owner, service)})` : 'a process Upkeep cannot see';
}

/** The one sentence for a port conflict: "port 5555 is taken by python3 (pid 52846, a stale copy of runner)". */
export function portConflictText(problem: Extract<Problem, { kind: 'port-conflict' }>, service?: string): string {
  return problem.owner ? `port ${problem.port} is taken by ${describeOwner(problem.owner, service)}` : `port ${problem.port} is taken`;
}
