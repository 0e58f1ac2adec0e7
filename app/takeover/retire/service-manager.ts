/**
 * systemctl and launchctl, through the runner seam only: the plan shows
 * these exact commands, and tests record them instead of touching the
 * machine's units and agents.
 */
import { commandText } from '../run-command.ts';

export function systemctlArgs(user: boolean, ...args: string[]): string[] {
  return user ? ['--user', ...args] : args;
}

export function systemctlText(user: boolean, ...args: string[]): string {
  return commandText('systemctl', systemctlArgs(user, ...args));
}

export function launchctlText(...args: string[]): string {
  return commandText('launchctl', args);
}
