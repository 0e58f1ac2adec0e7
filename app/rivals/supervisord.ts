/**
 * supervisord as a rival: every running supervisord and its config (the `-c`
 * path, else the places supervisord itself searches), plus the default
 * system configs when none runs (the packaged service starts them at boot).
 * A `[program:x]` whose command runs the service is a finding; with
 * `autorestart` it respawns.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ProcessEntry } from '../os/table.ts';
import { copyUnder, fileScope, portEnvOf, scopeOfProcess, shellStartsTarget, type DetectContext, type RivalSource } from './context.ts';
import type { Finding } from './finding.ts';
import { sysPath } from './seams.ts';
import { shellCommands } from './shell-words.ts';
import { readSupervisorConfig, type SupervisorConfig, type SupervisorProgram } from './supervisord-config.ts';

const SYSTEM_CONFIGS = ['/etc/supervisord.conf', '/etc/supervisor/supervisord.conf'];

function isSupervisord(entry: ProcessEntry): boolean {
  return entry.argv.slice(0, 2).some((arg) => path.basename(arg) === 'supervisord');
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The config a running supervisord read: `-c FILE` / `--configuration=FILE`, else its own search order. */
export function configOf(entry: ProcessEntry, ctx: DetectContext): string | null {
  const cwd = entry.cwd ?? '/';
  for (let i = 0; i < entry.argv.length; i += 1) {
    const arg = entry.argv[i] as string;
    const value = arg === '-c' || arg === '--configuration' ? entry.argv[i + 1] : /^(-c|--configuration=)(.+)$/.exec(arg)?.[2];
    if (value) return path.resolve(cwd, value);
  }
  const script = entry.argv.find((arg) => path.basename(arg) === 'supervisord') ?? 'supervisord';
  const here = path.dirname(path.dirname(path.resolve(cwd, script)));
  const candidates = [
    path.join(here, 'etc', 'supervisord.conf'),
    path.join(here, 'supervisord.conf'),
    path.join(cwd, 'supervisord.conf'),
    path.join(cwd, 'etc', 'supervisord.conf'),
    ...SYSTEM_CONFIGS.map((file) => sysPath(ctx.seams, file)),
  ];
  return candidates.find(exists) ?? null;
}

function restartOf(program: SupervisorProgram): 'always' | 'on-failure' | 'never' {
  if (program.autorestart === 'true') return 'always';
  return program.autorestart === 'false' ? 'never' : 'on-failure';
}

function findingsIn(config: SupervisorConfig, daemon: ProcessEntry | null, ctx: DetectContext): Finding[] {
  const findings: Finding[] = [];
  const systemFile = SYSTEM_CONFIGS.some((file) => config.file === sysPath(ctx.seams, file));
  for (const program of config.programs) {
    const cwd = program.directory ?? config.directory ?? daemon?.cwd ?? null;
    for (const target of ctx.targets) {
      if (!shellStartsTarget(program.command, cwd, target, null)) continue;
      const copy = daemon ? copyUnder(ctx, target, daemon.pid) : null;
      const respawns = daemon ? program.autorestart !== 'false' : program.autostart;
      const scope = daemon ? scopeOfProcess(ctx, daemon.pid) : systemFile ? 'system' : fileScope(ctx, config.file);
      const ctl = `supervisorctl -c ${config.file}`;
      const words = shellCommands(program.command, cwd)[0]?.words ?? [program.command];
      findings.push({
        service: target.name,
        kind: 'supervisord',
        pid: daemon?.pid ?? null,
        copyPid: copy?.pid ?? null,
        evidence: `[program:${program.name}] in ${program.file}:${program.line}, autorestart=${program.autorestart}, autostart=${program.autostart}${daemon ? `, supervisord pid ${daemon.pid}` : ', supervisord not running'}`,
        respawns,
        fix: `stop program ${program.name} (${ctl} stop ${program.name}) and set autostart=false, autorestart=false in ${program.file}; Upkeep runs it instead`,
        scope,
        commands: scope === 'system' ? [`sudo ${ctl} stop ${program.name}`, `sudoedit ${program.file}  # [program:${program.name}]: autostart=false, autorestart=false`] : [],
        locator: { kind: 'supervisord', configFile: program.file, program: program.name, serverUrl: config.serverUrl },
        definition: { name: program.name, command: words, cwd, env: program.environment, ...portEnvOf(program.environment), restart: restartOf(program) },
      });
    }
  }
  return findings;
}


export const supervisordSource: RivalSource = async (ctx) => {
  const findings: Finding[] = [];
  const read = new Set<string>();
  for (const daemon of ctx.table.filter((entry) => isSupervisord(entry) && !ctx.ownPids.has(entry.pid))) {
    const file = configOf(daemon, ctx);
    if (!file) {
      ctx.note(`supervisord pid ${daemon.pid}: its config file was not found`);
      continue;
    }
    read.add(file);
    findings.push(...findingsIn(readSupervisorConfig(file, ctx.seams.env, ctx.note), daemon, ctx));
  }
  for (const file of SYSTEM_CONFIGS.map((f) => sysPath(ctx.seams, f))) {
    if (read.has(file) || !exists(file)) continue;
    findings.push(...findingsIn(readSupervisorConfig(file, ctx.seams.env, ctx.note), null, ctx));
  }
  return findings;
};
