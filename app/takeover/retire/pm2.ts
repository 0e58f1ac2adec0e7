/**
 * PM2: `pm2 delete APP`, then `pm2 save --force` (plain `save` skips writing
 * when no app is left, and `pm2 resurrect` would bring the old list back),
 * with that PM2_HOME and that pm2. A pm2 client starts a daemon when none
 * answers, so pm2 is called only while the daemon's pid is alive; otherwise
 * the app's entry is taken out of dump.pm2 (backed up first). The undo
 * starts the app again from its definition as PM2 held it, then saves.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processStartTime } from '../../os/identity.ts';
import { readArgv } from '../../os/proc-fs.ts';
import { writeByRename } from '../../registry/write-by-rename.ts';
import { rivalChanged } from '../rival-changed.ts';
import type { HandlerContext, LocatorOf, RivalHandler } from '../rival-handler.ts';
import { commandText, expectSuccess } from '../run-command.ts';

type Locator = LocatorOf<'pm2'>;
type Pm2Proc = { name?: unknown; pm_id?: unknown; pm2_env?: Record<string, unknown> };

/** The app's settings that start it again as it was (the rest of pm2_env is PM2's own bookkeeping). */
const KEPT_SETTINGS = ['args', 'node_args', 'interpreter_args', 'autorestart', 'max_restarts', 'min_uptime', 'kill_timeout', 'restart_delay', 'max_memory_restart', 'merge_logs', 'time', 'namespace'];

/** pm2 and its arguments: the daemon's own pm2 (a node script) through this node, else `pm2` on PATH. */
export function pm2Command(locator: Pick<Locator, 'pm2Bin'>): [string, string[]] {
  if (!locator.pm2Bin) return ['pm2', []];
  let head = '';
  try {
    head = readFileSync(locator.pm2Bin, 'utf8').slice(0, 128);
  } catch {
    return [locator.pm2Bin, []];
  }
  return /^#!.*node/.test(head) || locator.pm2Bin.endsWith('.js') ? [process.execPath, [locator.pm2Bin]] : [locator.pm2Bin, []];
}

function shown(locator: Pick<Locator, 'pm2Bin' | 'pm2Home'>, args: string[]): string {
  return commandText(locator.pm2Bin ?? 'pm2', args, { PM2_HOME: locator.pm2Home });
}

function readableHome(pm2Home: string): void {
  try {
    readdirSync(pm2Home);
  } catch (error) {
    throw rivalChanged(`PM2_HOME ${pm2Home} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The daemon of this PM2_HOME, while it runs: its pid file names a live God Daemon of this home. */
function daemonRuns(pm2Home: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(pm2Home, 'pm2.pid'), 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || processStartTime(pid) === null) return false;
  const argv = readArgv(pid);
  return argv === null || argv.some((arg) => arg.includes('God Daemon') || arg.includes('Daemon.js'));
}

async function pm2(ctx: HandlerContext, locator: Locator, args: string[]) {
  const [file, prefix] = pm2Command(locator);
  return ctx.run(file, [...prefix, ...args], { env: { ...ctx.env, PM2_HOME: locator.pm2Home } });
}

async function jlist(ctx: HandlerContext, locator: Locator): Promise<Pm2Proc[]> {
  const result = expectSuccess(await pm2(ctx, locator, ['jlist']), shown(locator, ['jlist']));
  const start = result.stdout.indexOf('[');
  try {
    const parsed: unknown = JSON.parse(result.stdout.slice(start));
    return Array.isArray(parsed) ? (parsed as Pm2Proc[]) : [];
  } catch {
    throw new Error(`${shown(locator, ['jlist'])} did not print JSON`);
  }
}

function dumpFile(locator: Locator): string {
  return path.join(locator.pm2Home, 'dump.pm2');
}

function readDump(locator: Locator): Array<Record<string, unknown>> {
  const file = dumpFile(locator);
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw rivalChanged(`${file} cannot be read as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw rivalChanged(`${file}: expected a JSON array of apps`);
  return parsed as Array<Record<string, unknown>>;
}

function matches(locator: Locator, name: unknown, pmId: unknown): boolean {
  return name === locator.app && (locator.pmId === null || pmId === undefined || pmId === locator.pmId);
}

/** An ecosystem entry that starts the app as PM2 ran it. */
function ecosystemApp(env: Record<string, unknown>): Record<string, unknown> {
  const app: Record<string, unknown> = {
    name: env.name,
    script: env.pm_exec_path,
    cwd: env.pm_cwd,
    interpreter: env.exec_interpreter,
  };
  for (const key of KEPT_SETTINGS) if (env[key] !== undefined) app[key] = env[key];
  const own = typeof env.env === 'object' && env.env !== null ? (env.env as Record<string, unknown>) : {};
  app.env = Object.fromEntries(Object.entries(own).filter(([key, value]) => typeof value === 'string' && key !== 'PM2_HOME' && key !== 'unique_id'));
  return app;
}

export const pm2Handler: RivalHandler<'pm2'> = {
  kind: 'pm2',

  steps(locator) {
    return [
      {
        title: `Delete the PM2 app "${locator.app}"${locator.pmId === null ? '' : ` (id ${locator.pmId})`} and save PM2's list, so pm2 resurrect and pm2 startup no longer start it`,
        files: [dumpFile(locator)],
        commands: [shown(locator, ['delete', locator.app]), shown(locator, ['save', '--force'])],
        scope: 'user',
      },
    ];
  },

  async check(locator, ctx) {
    readableHome(locator.pm2Home);
    const found = daemonRuns(locator.pm2Home)
      ? (await jlist(ctx, locator)).some((proc) => matches(locator, proc.name, proc.pm_id))
      : readDump(locator).some((app) => matches(locator, app.name, app.pm_id));
    if (!found) throw rivalChanged(`PM2 (PM2_HOME ${locator.pm2Home}) has no app "${locator.app}"${locator.pmId === null ? '' : ` with id ${locator.pmId}`} any more`);
  },

  async retire(locator, ctx) {
    const appFile = ctx.paths.takeoverPm2App(ctx.service);
    if (existsSync(dumpFile(locator))) ctx.backup(dumpFile(locator));
    if (daemonRuns(locator.pm2Home)) {
      const proc = (await jlist(ctx, locator)).find((p) => matches(locator, p.name, p.pm_id));
      if (!proc?.pm2_env) throw rivalChanged(`PM2 has no app "${locator.app}" any more`);
      writeByRename(appFile, `${JSON.stringify({ apps: [ecosystemApp(proc.pm2_env)] }, null, 2)}\n`, { durable: true });
      expectSuccess(await pm2(ctx, locator, ['delete', locator.app]), shown(locator, ['delete', locator.app]));
      ctx.say(`pm2: deleted app "${locator.app}"`);
      expectSuccess(await pm2(ctx, locator, ['save', '--force']), shown(locator, ['save', '--force']));
      ctx.say(`pm2: saved the list (${dumpFile(locator)})`);
      return { kind: 'pm2', pm2Home: locator.pm2Home, pm2Bin: locator.pm2Bin, app: locator.app, via: 'daemon', appFile, dumpEntry: null };
    }
    const dump = readDump(locator);
    const entry = dump.find((app) => matches(locator, app.name, app.pm_id));
    if (!entry) throw rivalChanged(`${dumpFile(locator)} has no app "${locator.app}" any more`);
    writeByRename(appFile, `${JSON.stringify({ apps: [ecosystemApp(entry)] }, null, 2)}\n`, { durable: true });
    writeFileSync(dumpFile(locator), JSON.stringify(dump.filter((app) => app !== entry), null, 2));
    ctx.say(`pm2: took "${locator.app}" out of ${dumpFile(locator)} (no PM2 daemon runs, so none was started)`);
    return { kind: 'pm2', pm2Home: locator.pm2Home, pm2Bin: locator.pm2Bin, app: locator.app, via: 'dump', appFile, dumpEntry: entry };
  },

  undoSteps(entry) {
    if (entry.via === 'dump') return [{ title: `Put "${entry.app}" back into PM2's saved list`, files: [path.join(entry.pm2Home, 'dump.pm2')], commands: [], scope: 'user' }];
    return [
      {
        title: `Start the PM2 app "${entry.app}" again from its saved definition, and save PM2's list`,
        files: [entry.appFile],
        commands: [shown(entry, ['start', entry.appFile]), shown(entry, ['save', '--force'])],
        scope: 'user',
      },
    ];
  },

  async undo(entry, ctx) {
    const locator: Locator = { kind: 'pm2', pm2Home: entry.pm2Home, app: entry.app, pmId: null, pm2Bin: entry.pm2Bin };
    if (entry.via === 'dump') {
      const dump = readDump(locator);
      if (dump.some((app) => app.name === entry.app)) return [`pm2: "${entry.app}" is in ${dumpFile(locator)} already; left as it is`];
      writeFileSync(dumpFile(locator), JSON.stringify([...dump, entry.dumpEntry], null, 2));
      return [`pm2: put "${entry.app}" back into ${dumpFile(locator)}`];
    }
    if (daemonRuns(entry.pm2Home) && (await jlist(ctx, locator)).some((proc) => proc.name === entry.app)) {
      return [`pm2: already has an app "${entry.app}"; left as it is`];
    }
    expectSuccess(await pm2(ctx, locator, ['start', entry.appFile]), shown(locator, ['start', entry.appFile]));
    expectSuccess(await pm2(ctx, locator, ['save', '--force']), shown(locator, ['save', '--force']));
    return [`pm2: started "${entry.app}" again and saved the list`];
  },
};
