/**
 * `takeover --from KIND:WHERE`: the rival named on the command line, found
 * and read directly (no search), as a Finding the plan can use. Fixed system
 * and home locations go through `root` so tests never read the machine's own.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../api.ts';
import { processStartTime } from '../os/identity.ts';
import { displayCommand } from '../os/command-line.ts';
import { readArgv } from '../os/proc-fs.ts';
import { listProcesses } from '../os/table.ts';
import { parseCrontab } from '../rivals/cron.ts';
import { parseLaunchdPlist } from '../rivals/parse/launchd-plist.ts';
import { portOf, type ParsedDefinition } from '../rivals/parse/parsed.ts';
import { definitionEnv } from '../rivals/parse/env-filter.ts';
import { parsePm2App } from '../rivals/parse/pm2-app.ts';
import { parsePm2Dump } from '../rivals/parse/pm2-dump.ts';
import { splitCommand } from '../rivals/parse/shell-words.ts';
import { parseSupervisordConf } from '../rivals/parse/supervisord-conf.ts';
import { parseSystemdUnit } from '../rivals/parse/systemd-unit.ts';
import type { Finding, RivalKind, RivalLocator } from '../rivals/finding.ts';
import { pm2Command } from './retire/pm2.ts';
import type { CommandRunner } from './run-command.ts';

export const FROM_PATTERN = /^(pm2|supervisord|systemd|launchd|cron|watchdog):(.+)$/;

export interface ResolveSeams {
  run: CommandRunner;
  env: NodeJS.ProcessEnv;
  /** '/' on a real machine; a temp dir in tests. */
  root: string;
  home: string;
}

export interface Resolved {
  finding: Finding;
  leftOut: string[];
}

const notFound = (message: string) => new ApiError('not-found', message);

function under(seams: ResolveSeams, file: string): string {
  return seams.root === '/' ? file : path.join(seams.root, file);
}

/** A file the engine's user owns, outside the system folders, may be changed; anything else is shown as a command. */
function scopeOf(file: string): 'user' | 'system' {
  if (/^\/(etc|usr|lib|Library|System)\//.test(file)) return 'system';
  try {
    return statSync(file).uid === (process.getuid?.() ?? 0) ? 'user' : 'system';
  } catch {
    return 'system';
  }
}

function finding(kind: RivalKind, locator: RivalLocator, parsed: ParsedDefinition | null, rest: Partial<Finding> & Pick<Finding, 'evidence' | 'fix'>): Finding {
  return {
    service: parsed?.definition.name ?? 'imported',
    kind,
    pid: null,
    copyPid: null,
    respawns: parsed?.respawns ?? true,
    scope: 'user',
    commands: [],
    locator,
    definition: parsed?.definition ?? null,
    ...rest,
  };
}

async function fromPm2(app: string, seams: ResolveSeams): Promise<Resolved> {
  const pm2Home = seams.env.PM2_HOME ?? path.join(seams.home, '.pm2');
  try {
    readdirSync(pm2Home);
  } catch (error) {
    throw notFound(`PM2_HOME ${pm2Home} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  let daemonPid: number | null = null;
  try {
    const pid = Number(readFileSync(path.join(pm2Home, 'pm2.pid'), 'utf8').trim());
    if (processStartTime(pid)) daemonPid = pid;
  } catch {
    // no daemon: read the saved list
  }
  const locator = { kind: 'pm2' as const, pm2Home, app, pmId: null as number | null, pm2Bin: null };
  let parsed: ParsedDefinition | undefined;
  let copyPid: number | null = null;
  if (daemonPid !== null) {
    const [file, prefix] = pm2Command(locator);
    const result = await seams.run(file, [...prefix, 'jlist'], { env: { ...seams.env, PM2_HOME: pm2Home } });
    let procs: Array<{ name?: string; pid?: number; pm_id?: number; pm2_env?: Record<string, unknown> }> = [];
    try {
      procs = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as typeof procs;
    } catch {
      throw new ApiError('unavailable', `pm2 jlist (PM2_HOME ${pm2Home}) did not answer with JSON: ${result.error ?? result.stderr.trim()}`);
    }
    const proc = procs.find((p) => p.name === app);
    if (!proc) throw notFound(`PM2 (PM2_HOME ${pm2Home}) has no app "${app}"`);
    parsed = parsePm2App(proc.pm2_env ?? {}, { file: `pm2 jlist (PM2_HOME ${pm2Home})`, index: 0, baseDir: pm2Home }, seams.env);
    locator.pmId = typeof proc.pm_id === 'number' ? proc.pm_id : null;
    copyPid = typeof proc.pid === 'number' && proc.pid > 0 ? proc.pid : null;
  } else {
    const dumpFile = path.join(pm2Home, 'dump.pm2');
    let text: string;
    try {
      text = readFileSync(dumpFile, 'utf8');
    } catch {
      throw notFound(`no PM2 daemon runs for PM2_HOME ${pm2Home} and it has no dump.pm2`);
    }
    const entry = parsePm2Dump(text, dumpFile, seams.env).find((a) => a.from.entry === app);
    if (!entry) throw notFound(`${dumpFile} has no app "${app}"`);
    parsed = entry;
    locator.pmId = entry.pmId;
  }
  return {
    finding: finding('pm2', locator, parsed, {
      pid: daemonPid,
      copyPid,
      evidence: `pm2 app ${app}${locator.pmId === null ? '' : `, id ${locator.pmId}`} (PM2_HOME ${pm2Home})`,
      fix: `pm2 delete ${app}, then pm2 save`,
      scope: scopeOf(pm2Home),
    }),
    leftOut: parsed.leftOut,
  };
}

/** The -c config of a running supervisord, else the default locations. */
async function supervisordConfigs(seams: ResolveSeams): Promise<Array<{ file: string; pid: number | null }>> {
  const found: Array<{ file: string; pid: number | null }> = [];
  for (const entry of await listProcesses({ wantCwd: () => false })) {
    const names = entry.argv.slice(0, 2).map((arg) => path.basename(arg));
    if (!names.includes('supervisord')) continue;
    const at = entry.argv.findIndex((arg) => arg === '-c' || arg === '--configuration');
    const inline = entry.argv.find((arg) => arg.startsWith('--configuration='));
    const file = at !== -1 ? entry.argv[at + 1] : inline?.slice('--configuration='.length);
    if (file) found.push({ file: path.resolve(file), pid: entry.pid });
  }
  for (const file of ['/etc/supervisor/supervisord.conf', '/etc/supervisord.conf']) found.push({ file: under(seams, file), pid: null });
  return found;
}

async function fromSupervisord(program: string, seams: ResolveSeams): Promise<Resolved> {
  for (const { file, pid } of await supervisordConfigs(seams)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseSupervisordConf(text, file, seams.env).find((p) => p.program === program);
    if (!parsed) continue;
    const scope = scopeOf(file);
    return {
      finding: finding('supervisord', { kind: 'supervisord', configFile: file, program, serverUrl: null }, parsed, {
        pid,
        evidence: `[program:${program}] in ${file}${parsed.from.line ? `:${parsed.from.line}` : ''}`,
        fix: `supervisorctl stop ${program}; autostart=false, autorestart=false`,
        scope,
        commands: scope === 'system' ? [`supervisorctl -c ${file} stop ${program}`, `set autostart=false and autorestart=false in [program:${program}] of ${file}`] : [],
      }),
      leftOut: parsed.leftOut,
    };
  }
  throw notFound(`no supervisord config with a [program:${program}] section was found (looked at the -c of each running supervisord and /etc)`);
}

function fromSystemd(unit: string, seams: ResolveSeams): Resolved {
  const name = unit.endsWith('.service') ? unit : `${unit}.service`;
  const places = [
    { file: path.join(seams.home, '.config/systemd/user', name), user: true },
    { file: under(seams, path.join('/etc/systemd/system', name)), user: false },
    { file: under(seams, path.join('/lib/systemd/system', name)), user: false },
  ];
  for (const place of places) {
    let text: string;
    try {
      text = readFileSync(place.file, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseSystemdUnit(text, place.file, seams.env);
    const command = `systemctl ${place.user ? '--user ' : ''}disable --now ${name}`;
    return {
      finding: finding('systemd', { kind: 'systemd', unit: name, file: place.file, user: place.user }, parsed, {
        evidence: `unit ${name} (${place.file}), Restart=${parsed.restartSetting}`,
        fix: command,
        scope: place.user ? 'user' : 'system',
        commands: place.user ? [] : [`sudo ${command}`],
      }),
      leftOut: parsed.leftOut,
    };
  }
  throw notFound(`no unit file ${name} in ~/.config/systemd/user, /etc/systemd/system or /lib/systemd/system`);
}

function fromLaunchd(label: string, seams: ResolveSeams): Resolved {
  const uid = process.getuid?.() ?? 0;
  const places = [
    { file: path.join(seams.home, 'Library/LaunchAgents', `${label}.plist`), domain: `gui/${uid}`, user: true },
    { file: under(seams, `/Library/LaunchAgents/${label}.plist`), domain: `gui/${uid}`, user: false },
    { file: under(seams, `/Library/LaunchDaemons/${label}.plist`), domain: 'system', user: false },
  ];
  for (const place of places) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(place.file);
    } catch {
      continue;
    }
    const parsed = parseLaunchdPlist(bytes, place.file, seams.env);
    return {
      finding: finding('launchd', { kind: 'launchd', plist: place.file, label, domain: place.domain }, parsed, {
        evidence: `agent ${label} (${place.file})${parsed.keepAlive ? ', KeepAlive' : ''}`,
        fix: `launchctl bootout ${place.domain}/${label}; launchctl disable ${place.domain}/${label}`,
        scope: place.user ? 'user' : 'system',
        commands: place.user ? [] : [`sudo launchctl bootout ${place.domain}/${label}`, `sudo launchctl disable ${place.domain}/${label}`],
      }),
      leftOut: parsed.leftOut,
    };
  }
  throw notFound(`no plist ${label}.plist in ~/Library/LaunchAgents, /Library/LaunchAgents or /Library/LaunchDaemons`);
}

/**
 * A cron job's command as a definition. The usual shape, `cd DIR && VAR=1
 * program args >> log 2>&1`, becomes a cwd, env and argv (the log
 * redirection is dropped: Upkeep keeps the log); anything else stays a shell line.
 */
export function cronDefinition(command: string, inherited: Readonly<Record<string, string | undefined>> = {}): ParsedDefinition['definition'] {
  let rest = command.trim().replace(/\s+(>>?\s*\S+)?(\s+2>&1)?\s*$/, (tail) => (/[>]/.test(tail) ? '' : tail)).trim();
  let cwd: string | null = null;
  const cd = /^cd\s+(\S+)\s*&&\s*(.+)$/.exec(rest);
  if (cd) {
    cwd = cd[1] as string;
    rest = cd[2] as string;
  }
  let split: ReturnType<typeof splitCommand>;
  try {
    split = splitCommand(rest);
  } catch {
    split = { words: [], needsShell: true };
  }
  const rawEnv: Record<string, string> = {};
  while (!split.needsShell && split.words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(split.words[0] as string)) {
    const word = split.words.shift() as string;
    rawEnv[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  const { env } = definitionEnv(rawEnv, inherited, Object.keys(rawEnv));
  const argv = split.needsShell ? ['/bin/sh', '-c', command] : split.words;
  const { port, portEnv } = portOf(env, argv);
  return { name: 'imported', command: argv, cwd: split.needsShell ? null : cwd, env: split.needsShell ? {} : env, port, portEnv, restart: 'always' };
}

async function fromCron(where: string, seams: ResolveSeams): Promise<Resolved> {
  const match = /^(.+):(\d+)$/.exec(where);
  if (!match) throw new ApiError('bad-request', `--from cron:FILE:LINE, such as cron:user:3 or cron:/etc/cron.d/ghost:2 (not "${where}")`);
  const [file, line] = [match[1] as string, Number(match[2])];
  const user = file === 'user' || file === 'crontab';
  let text: string;
  if (user) {
    const result = await seams.run('crontab', ['-l'], { env: seams.env });
    if (result.code !== 0) throw notFound(`crontab -l: ${result.error ?? result.stderr.trim()}`);
    text = result.stdout;
  } else {
    try {
      text = readFileSync(under(seams, file), 'utf8');
    } catch (error) {
      throw notFound(`${file} cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  const job = parseCrontab(text, !user, seams.home, user ? 'crontab' : file, () => undefined).find((j) => j.line === line);
  if (!job) throw notFound(`line ${line} of ${user ? 'your crontab' : file} is not a cron job`);
  const definition = cronDefinition(job.command, seams.env);
  const shownFile = user ? 'crontab -l' : file;
  return {
    finding: finding('cron', { kind: 'cron', source: user ? 'user' : 'system', file: shownFile, line, text: job.text }, { definition, from: { file: shownFile, entry: job.schedule, line }, respawns: true, startsAtBoot: true, unsupported: [], leftOut: [] }, {
      evidence: `${shownFile}:${line}: ${job.text.trim()}`,
      fix: `comment out line ${line}`,
      scope: user ? 'user' : 'system',
      commands: user ? [] : [`sudoedit ${file}  # comment out line ${line}: ${job.text.trim()}`],
    }),
    leftOut: [],
  };
}

function fromWatchdog(pidText: string): Resolved {
  const pid = Number(pidText);
  const startTime = Number.isInteger(pid) ? processStartTime(pid) : null;
  if (!startTime) throw notFound(`no process with pid ${pidText}`);
  const argv = readArgv(pid) ?? [];
  const script = argv.slice(1).find((arg) => arg.includes('/') || /\.(sh|py|js|rb|pl)$/.test(arg)) ?? null;
  return {
    finding: finding('watchdog', { kind: 'watchdog', pid, startTime, script }, null, {
      pid,
      evidence: `pid ${pid}: ${displayCommand(argv)}`,
      fix: `stop pid ${pid} and what it started`,
      respawns: true,
    }),
    leftOut: [],
  };
}

export async function resolveFrom(from: string, seams: ResolveSeams): Promise<Resolved> {
  const match = FROM_PATTERN.exec(from);
  if (!match) throw new ApiError('bad-request', `--from must be pm2:APP, supervisord:PROGRAM, systemd:UNIT, launchd:LABEL, cron:FILE:LINE or watchdog:PID (not "${from}")`);
  const [kind, where] = [match[1] as RivalKind, match[2] as string];
  switch (kind) {
    case 'pm2':
      return fromPm2(where, seams);
    case 'supervisord':
      return fromSupervisord(where, seams);
    case 'systemd':
      return fromSystemd(where, seams);
    case 'launchd':
      return fromLaunchd(where, seams);
    case 'cron':
      return fromCron(where, seams);
    case 'watchdog':
      return fromWatchdog(where);
  }
}

export const defaultHome = (): string => os.homedir();
