/**
 * The words for a rival, written once: the CLI, the window, the tray and
 * notifications all say "run by pm2 (app ghost, id 0)" the same way.
 */
import type { Finding, RivalLocator } from '../rivals/finding.ts';
import { supervisorText } from './port-owner.ts';

/** The short name of what runs it ("app ghost, id 0", "unit ghost.service", "watchdog.sh pid 4242"). */
export function viaOf(locator: RivalLocator): string {
  switch (locator.kind) {
    case 'pm2':
      return `app ${locator.app}${locator.pmId === null ? '' : `, id ${locator.pmId}`}`;
    case 'supervisord':
      return `program ${locator.program}`;
    case 'systemd':
      return `unit ${locator.unit}`;
    case 'launchd':
      return `agent ${locator.label}`;
    case 'cron':
      return `${locator.file}:${locator.line}`;
    case 'watchdog':
      return `${locator.script ? locator.script.slice(locator.script.lastIndexOf('/') + 1) : 'watchdog'} pid ${locator.pid}`;
  }
}

/** One line: "started again by watchdog (watchdog.sh pid 4242)". */
export function describeRival(finding: Finding): string {
  const verb = finding.respawns ? 'keeps starting it' : 'started it';
  return `${finding.kind} ${verb} (${viaOf(finding.locator)})`;
}

/** Who started a stopped service again: "watchdog.sh, pid 4242", "PM2 (app ghost, id 0), pid 31563". */
export function starterOf(finding: Finding | null, copyPid: number): string {
  if (!finding) return `something outside Upkeep, pid ${copyPid}`;
  if (finding.locator.kind === 'watchdog') {
    const script = finding.locator.script;
    return `${script ? script.slice(script.lastIndexOf('/') + 1) : 'a watchdog'}, pid ${finding.locator.pid}`;
  }
  return `${supervisorText({ supervisor: finding.kind, via: viaOf(finding.locator) })}, pid ${finding.copyPid ?? copyPid}`;
}

/** The words that offer the way out, shown wherever Upkeep refuses to fight. */
export function takeoverHint(service: string): string {
  return `run "upkeep takeover ${service}" to hand it to Upkeep`;
}
