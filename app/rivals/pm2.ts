/**
 * PM2 as a rival. Every running PM2 daemon shows in the process table as
 * `PM2 vX: God Daemon (<PM2_HOME>)`, so every PM2_HOME is found, not only
 * ~/.pm2. Its apps come from `pm2 jlist`, run with that PM2_HOME and the pm2
 * package the daemon itself runs from, and only while that daemon's pid is
 * still the same process: a pm2 client that finds no daemon starts one, and
 * detection must never start anything. Otherwise, and for homes with no
 * daemon, the saved dump.pm2 is read (what `pm2 resurrect` brings back).
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { z } from '../zod.ts';
import { processStartTime, isSameProcess } from '../os/identity.ts';
import { listDir, readBounded } from './bounded-read.ts';
import { copyUnder, fileScope, portEnvOf, scopeOfProcess, startsTarget, type DetectContext, type RivalSource, type RivalTarget } from './context.ts';
import type { Finding, ForeignDefinition } from './finding.ts';
import { appOwnEnv, parseEnviron } from './pm2-env.ts';
import { sysPath } from './seams.ts';

const DAEMON_TITLE = /^PM2 v(\S+): God Daemon \((.+)\)$/;
const MAX_DUMP_BYTES = 4 * 1024 * 1024;

const Words = z.union([z.array(z.string()), z.string()]).optional();
const AppEnv = z.looseObject({
  name: z.string().min(1),
  pm_id: z.number().int().optional(),
  status: z.string().optional(),
  pm_exec_path: z.string().min(1),
  pm_cwd: z.string().optional(),
  exec_interpreter: z.string().optional(),
  args: Words,
  interpreter_args: Words,
  node_args: Words,
  autorestart: z.boolean().optional(),
  restart_time: z.number().optional(),
  env: z.record(z.string(), z.unknown()).optional(),
});
type AppEnv = z.infer<typeof AppEnv>;
const JlistEntry = z.looseObject({ pid: z.number().int().nullable().optional(), name: z.string(), pm_id: z.number().int().optional(), pm2_env: AppEnv });

interface Daemon {
  pid: number;
  startTime: string | null;
  version: string;
  home: string;
}

interface App {
  env: AppEnv;
  pmId: number | null;
  pid: number | null;
}

export function findPm2Daemons(ctx: DetectContext): Daemon[] {
  return ctx.table.flatMap((entry) => {
    const match = DAEMON_TITLE.exec(entry.command);
    if (!match || ctx.ownPids.has(entry.pid) || (ctx.seams.pm2Homes && !ctx.seams.pm2Homes.includes(match[2] as string))) return [];
    return [{ pid: entry.pid, startTime: processStartTime(entry.pid), version: match[1] as string, home: match[2] as string }];
  });
}

function asWords(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

/** The argv PM2 runs an app with. */
export function appCommand(env: AppEnv): string[] {
  const interpreter = env.exec_interpreter ?? 'node';
  const script = [env.pm_exec_path, ...asWords(env.args)];
  if (interpreter === 'none') return script;
  return [interpreter, ...asWords(env.interpreter_args ?? env.node_args), ...script];
}

function readEnviron(pid: number): Record<string, string> | null {
  const read = readBounded(`/proc/${pid}/environ`, 1024 * 1024);
  return read.ok ? parseEnviron(read.data) : null;
}

function upFrom(dir: string | null): string[] {
  const found: string[] = [];
  for (let current = dir; current && found.length < 16; current = path.dirname(current) === current ? null : path.dirname(current)) {
    found.push(path.join(current, 'node_modules', '.bin', 'pm2'));
  }
  return found;
}

/**
 * The pm2 CLI of the package the daemon runs from. Its title hides its
 * argv, so the places it can come from are tried, and one counts only with
 * the version the title says: the command that started it (`_`), its PATH,
 * node_modules/.bin up from its working directory, the global packages
 * beside its node, and the engine's own PATH.
 */
function pm2BinFor(daemon: Daemon, daemonEnv: Record<string, string> | null, ctx: DetectContext): string | null {
  const pathDirs = [daemonEnv?.PATH, ctx.seams.env.PATH].flatMap((value) => (value ? value.split(path.delimiter) : []));
  const cwd = ctx.table.find((entry) => entry.pid === daemon.pid)?.cwd ?? null;
  const node = nodeOf(daemon);
  const candidates = [
    daemonEnv?._,
    ...pathDirs.map((dir) => path.join(dir, 'pm2')),
    ...upFrom(cwd),
    node === 'node' ? undefined : path.join(path.dirname(path.dirname(node)), 'lib', 'node_modules', 'pm2', 'bin', 'pm2'),
  ].filter((file): file is string => Boolean(file));
  for (const candidate of candidates) {
    try {
      const bin = realpathSync(candidate);
      const pkg = path.dirname(path.dirname(bin));
      const manifest = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'pm2' && manifest.version === daemon.version) return bin;
    } catch {
      // not this one
    }
  }
  return null;
}

function nodeOf(daemon: Daemon): string {
  try {
    return realpathSync(`/proc/${daemon.pid}/exe`);
  } catch {
    return 'node';
  }
}

async function liveApps(daemon: Daemon, bin: string, ctx: DetectContext): Promise<App[] | null> {
  // Checked right before the call: a client that finds no daemon would start one.
  if (daemon.startTime === null || !isSameProcess(daemon.pid, daemon.startTime) || ctx.seams.platform !== 'linux') return null;
  // pm2 jlist starts a node client: about 0.4 s on a quiet machine, several on a busy one.
  const timeoutMs = Math.max(500, Math.min(6_000, ctx.deadline - Date.now()));
  const result = await ctx.seams.run(nodeOf(daemon), [bin, 'jlist'], { env: { ...ctx.seams.env, PM2_HOME: daemon.home }, timeoutMs });
  if (result.code !== 0) {
    ctx.note(`pm2 jlist (PM2_HOME ${daemon.home}) failed: ${result.error ?? result.stderr.trim().split('\n')[0] ?? `exit ${result.code}`}`);
    return null;
  }
  const parsed = z.array(z.unknown()).safeParse(safeJson(result.stdout));
  if (!parsed.success) {
    ctx.note(`pm2 jlist (PM2_HOME ${daemon.home}) printed something that is not a list of apps`);
    return null;
  }
  return parsed.data.flatMap((raw) => {
    const entry = JlistEntry.safeParse(raw);
    if (!entry.success) return [];
    const { pm2_env: env } = entry.data;
    return [{ env, pmId: entry.data.pm_id ?? env.pm_id ?? null, pid: entry.data.pid && entry.data.pid > 0 ? entry.data.pid : null }];
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function dumpApps(home: string, ctx: DetectContext): App[] | null {
  const file = path.join(home, 'dump.pm2');
  const read = readBounded(file, MAX_DUMP_BYTES);
  if (!read.ok) {
    if (read.reason !== 'ENOENT') ctx.note(`cannot read ${file}: ${read.reason}`);
    return null;
  }
  const parsed = z.array(z.unknown()).safeParse(safeJson(read.data.toString('utf8')));
  if (!parsed.success) {
    ctx.note(`${file} is not a PM2 dump (expected a JSON list of apps)`);
    return null;
  }
  return parsed.data.flatMap((raw, index) => {
    const env = AppEnv.safeParse(raw);
    if (!env.success) {
      ctx.note(`${file}: app ${index + 1} has no name or script (pm_exec_path); skipped`);
      return [];
    }
    return [{ env: env.data, pmId: env.data.pm_id ?? null, pid: null }];
  });
}

/** `pm2 startup` leaves a unit or an agent that resurrects the dump at boot. */
function hasStartupHook(ctx: DetectContext): boolean {
  const units = listDir(sysPath(ctx.seams, '/etc/systemd/system')).some((name) => /^pm2-.+\.service$/.test(name));
  const agents = listDir(sysPath(ctx.seams, '~/Library/LaunchAgents')).some((name) => /^pm2\..+\.plist$/.test(name));
  return units || agents;
}


function definitionOf(app: App, daemonEnv: Record<string, string> | null, ctx: DetectContext): ForeignDefinition {
  const env = appOwnEnv(app.env.env ?? {}, daemonEnv, ctx.seams.env);
  return {
    name: app.env.name,
    command: appCommand(app.env),
    cwd: app.env.pm_cwd ?? null,
    env,
    ...portEnvOf(env),
    restart: app.env.autorestart === false ? 'never' : 'always',
  };
}

interface Origin {
  home: string;
  daemon: Daemon | null;
  bin: string | null;
  daemonEnv: Record<string, string> | null;
  live: boolean;
}

function findingFor(target: RivalTarget, app: App, origin: Origin, saved: boolean, ctx: DetectContext): Finding {
  const { env } = app;
  const id = app.pmId === null ? '' : ` (id ${app.pmId})`;
  const copy = origin.live && app.pid !== null ? copyUnder(ctx, target, app.pid) : null;
  const respawns = origin.live ? env.autorestart !== false && env.status !== 'stopped' : hasStartupHook(ctx);
  const state = origin.live
    ? `${env.status ?? 'unknown'}${app.pid ? `, pid ${app.pid}` : ''}${env.restart_time ? `, ${env.restart_time} restarts` : ''}`
    : `saved in dump.pm2${respawns ? ', brought back at boot by pm2 startup' : ', brought back by pm2 resurrect'}`;
  const scope = origin.daemon ? scopeOfProcess(ctx, origin.daemon.pid) : fileScope(ctx, path.join(origin.home, 'dump.pm2'));
  const pm2 = `PM2_HOME=${origin.home} pm2`;
  return {
    service: target.name,
    kind: 'pm2',
    pid: origin.daemon?.pid ?? null,
    copyPid: copy?.pid ?? null,
    evidence: `pm2 app ${env.name}${id}, PM2_HOME ${origin.home}: ${state}${origin.live && saved ? '; also saved in dump.pm2' : ''}`,
    respawns,
    fix: `delete app ${env.name} from PM2 and save (${pm2} delete ${env.name} && ${pm2} save), so it does not come back at boot; Upkeep runs it instead`,
    scope,
    commands: scope === 'system' ? [`sudo env ${pm2} delete ${env.name}`, `sudo env ${pm2} save`] : [],
    locator: { kind: 'pm2', pm2Home: origin.home, app: env.name, pmId: app.pmId, pm2Bin: origin.bin },
    definition: definitionOf(app, origin.daemonEnv, ctx),
  };
}

function homesWithoutDaemon(ctx: DetectContext, daemons: readonly Daemon[]): string[] {
  const homes = [sysPath(ctx.seams, '~/.pm2')];
  if (ctx.seams.env.PM2_HOME) homes.push(path.resolve(ctx.seams.env.PM2_HOME));
  return [...new Set(homes)].filter((home) => !daemons.some((daemon) => daemon.home === home));
}

export const pm2Source: RivalSource = async (ctx) => {
  const findings: Finding[] = [];
  const daemons = findPm2Daemons(ctx);
  const origins: Origin[] = [];
  for (const daemon of daemons) {
    const daemonEnv = readEnviron(daemon.pid);
    const bin = pm2BinFor(daemon, daemonEnv, ctx);
    if (!bin) ctx.note(`PM2 ${daemon.version} daemon pid ${daemon.pid} (PM2_HOME ${daemon.home}): no pm2 ${daemon.version} package found to ask; read its dump.pm2 instead`);
    const live = bin ? await liveApps(daemon, bin, ctx) : null;
    origins.push({ home: daemon.home, daemon, bin, daemonEnv, live: live !== null });
    const saved = dumpApps(daemon.home, ctx) ?? [];
    for (const app of live ?? saved) {
      const words = appCommand(app.env);
      for (const target of ctx.targets) {
        if (!startsTarget(words, app.env.pm_cwd ?? null, target)) continue;
        const isSaved = saved.some((s) => s.env.name === app.env.name);
        findings.push(findingFor(target, app, origins[origins.length - 1] as Origin, isSaved, ctx));
      }
    }
  }
  for (const home of homesWithoutDaemon(ctx, daemons)) {
    const origin: Origin = { home, daemon: null, bin: null, daemonEnv: null, live: false };
    for (const app of dumpApps(home, ctx) ?? []) {
      for (const target of ctx.targets) {
        if (startsTarget(appCommand(app.env), app.env.pm_cwd ?? null, target)) findings.push(findingFor(target, app, origin, true, ctx));
      }
    }
  }
  return findings;
};
