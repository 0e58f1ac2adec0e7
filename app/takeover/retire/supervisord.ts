/**
 * supervisord: stop the program (supervisorctl with its config), then turn
 * off `autostart` and `autorestart` in its section (only those keys; the
 * file is backed up first) and have supervisord reread it. The undo puts
 * the keys back and starts the program again if it ran.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { rivalChanged } from '../rival-changed.ts';
import type { HandlerContext, LocatorOf, RivalHandler } from '../rival-handler.ts';
import { commandText, expectSuccess } from '../run-command.ts';
import { hasProgram, putBackKeys, turnOffKeys } from './supervisord-keys.ts';

type Locator = LocatorOf<'supervisord'>;
const KEYS = ['autostart', 'autorestart'];

function ctlArgs(configFile: string, ...args: string[]): string[] {
  return ['-c', configFile, ...args];
}

function shown(configFile: string, ...args: string[]): string {
  return commandText('supervisorctl', ctlArgs(configFile, ...args));
}

async function ctl(ctx: HandlerContext, configFile: string, ...args: string[]) {
  return ctx.run('supervisorctl', ctlArgs(configFile, ...args), { env: ctx.env });
}

function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw rivalChanged(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** `supervisorctl status PROGRAM` exits 0 only when it is RUNNING (3 when stopped). */
async function isRunning(ctx: HandlerContext, locator: Locator): Promise<boolean> {
  const result = await ctl(ctx, locator.configFile, 'status', locator.program);
  return /\bRUNNING\b/.test(result.stdout);
}

export const supervisordHandler: RivalHandler<'supervisord'> = {
  kind: 'supervisord',

  steps(locator) {
    return [
      {
        title: `Stop the supervisord program "${locator.program}" and set autostart=false, autorestart=false in its [program:${locator.program}] section (no other line changes)`,
        files: [locator.configFile],
        commands: [shown(locator.configFile, 'stop', locator.program), shown(locator.configFile, 'reread'), shown(locator.configFile, 'update', locator.program)],
        scope: 'user',
      },
    ];
  },

  async check(locator) {
    if (!hasProgram(readConfig(locator.configFile), locator.program)) {
      throw rivalChanged(`${locator.configFile} has no [program:${locator.program}] section any more`);
    }
  },

  async retire(locator, ctx) {
    const text = readConfig(locator.configFile);
    const wasRunning = await isRunning(ctx, locator);
    const { text: edited, changes } = turnOffKeys(text, locator.program, KEYS);
    ctx.backup(locator.configFile);
    expectSuccess(await ctl(ctx, locator.configFile, 'stop', locator.program), shown(locator.configFile, 'stop', locator.program));
    ctx.say(`supervisord: stopped "${locator.program}"`);
    writeFileSync(locator.configFile, edited);
    ctx.say(`supervisord: set autostart=false and autorestart=false for "${locator.program}" in ${locator.configFile}`);
    // supervisord keeps its own copy of the settings until it rereads the file.
    expectSuccess(await ctl(ctx, locator.configFile, 'reread'), shown(locator.configFile, 'reread'));
    expectSuccess(await ctl(ctx, locator.configFile, 'update', locator.program), shown(locator.configFile, 'update', locator.program));
    return { kind: 'supervisord', configFile: locator.configFile, program: locator.program, keys: changes, wasRunning };
  },

  undoSteps(entry) {
    return [
      {
        title: `Put back ${entry.keys.map((k) => k.key).join(' and ')} of [program:${entry.program}]${entry.wasRunning ? ' and start it again' : ''}`,
        files: [entry.configFile],
        commands: [shown(entry.configFile, 'reread'), shown(entry.configFile, 'update', entry.program), ...(entry.wasRunning ? [shown(entry.configFile, 'start', entry.program)] : [])],
        scope: 'user',
      },
    ];
  },

  async undo(entry, ctx) {
    const { text, skipped } = putBackKeys(readConfig(entry.configFile), entry.program, entry.keys);
    writeFileSync(entry.configFile, text);
    const lines = [`supervisord: put back ${entry.keys.filter((k) => !skipped.includes(k.key)).map((k) => k.key).join(', ') || 'no keys'} of "${entry.program}"`];
    if (skipped.length > 0) lines.push(`supervisord: ${skipped.join(', ')} changed since the takeover; left as they are`);
    expectSuccess(await ctl(ctx, entry.configFile, 'reread'), shown(entry.configFile, 'reread'));
    expectSuccess(await ctl(ctx, entry.configFile, 'update', entry.program), shown(entry.configFile, 'update', entry.program));
    const locator: Locator = { kind: 'supervisord', configFile: entry.configFile, program: entry.program, serverUrl: null };
    if (entry.wasRunning && !(await isRunning(ctx, locator))) {
      expectSuccess(await ctl(ctx, entry.configFile, 'start', entry.program), shown(entry.configFile, 'start', entry.program));
      lines.push(`supervisord: started "${entry.program}"`);
    }
    return lines;
  },
};
