/**
 * A watchdog script: its whole process tree is stopped (stopTree: pid plus
 * start time, paused first so it cannot start another copy). The undo
 * starts the script again, detached, with the command line and folder it had.
 */
import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { processStartTime } from '../../os/identity.ts';
import { readArgv } from '../../os/proc-fs.ts';
import { displayCommand } from '../../os/command-line.ts';
import { rivalChanged } from '../rival-changed.ts';
import type { RivalHandler } from '../rival-handler.ts';
import { stopTree } from '../stop-tree.ts';

function cwdOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

export const watchdogHandler: RivalHandler<'watchdog'> = {
  kind: 'watchdog',

  steps(locator) {
    const argv = readArgv(locator.pid);
    return [
      {
        title: `Stop the watchdog${locator.script ? ` ${locator.script}` : ''} (pid ${locator.pid}) and every process it started`,
        files: locator.script ? [locator.script] : [],
        commands: [`kill -TERM ${locator.pid} and its children${argv ? ` (${displayCommand(argv)})` : ''}`],
        scope: 'user',
      },
    ];
  },

  async check(locator) {
    if (processStartTime(locator.pid) !== locator.startTime) throw rivalChanged(`the watchdog pid ${locator.pid} is no longer running (or the pid is another process now)`);
  },

  async retire(locator, ctx) {
    const command = readArgv(locator.pid) ?? [];
    const cwd = cwdOf(locator.pid);
    if (processStartTime(locator.pid) !== locator.startTime) throw rivalChanged(`the watchdog pid ${locator.pid} is no longer running`);
    const stopped = await stopTree(locator.pid, locator.startTime);
    ctx.say(`watchdog: stopped pid ${locator.pid}${stopped > 1 ? ` and ${stopped - 1} process(es) it started` : ''}`);
    return { kind: 'watchdog', pid: locator.pid, command, cwd };
  },

  undoSteps(entry) {
    return entry.command.length > 0
      ? [{ title: `Start the watchdog again, detached: ${displayCommand(entry.command)}${entry.cwd ? ` (in ${entry.cwd})` : ''}`, files: [], commands: [displayCommand(entry.command)], scope: 'user' }]
      : [];
  },

  async undo(entry, ctx) {
    const [file, ...args] = entry.command;
    if (!file) return ['watchdog: its command line was not known; start it again yourself'];
    const child = spawn(file, args, { cwd: entry.cwd ?? undefined, env: ctx.env, detached: true, stdio: 'ignore' });
    const started = await new Promise<string>((resolve) => {
      child.once('spawn', () => resolve(`watchdog: started again as pid ${child.pid}`));
      child.once('error', (error) => resolve(`watchdog: could not start ${displayCommand(entry.command)} (${error.message})`));
    });
    child.unref();
    return [started];
  },
};
