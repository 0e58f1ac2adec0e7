/**
 * A supervisord config read the way supervisord reads it: `;` or `#` starts a
 * comment at the start of a line or after whitespace (so `KEY="a;b"` keeps
 * its `;`), `%(here)s` is the config file's folder, `%(ENV_X)s` the
 * environment, and `[include] files=` globs are relative to the including
 * file. Parsed with the `ini` package after that preparation.
 */
import os from 'node:os';
import path from 'node:path';
import ini from 'ini';
import { listDir, readTextBounded } from './bounded-read.ts';

export interface SupervisorProgram {
  name: string;
  /** The file holding the section, and the section's line. */
  file: string;
  line: number;
  command: string;
  directory: string | null;
  autostart: boolean;
  autorestart: 'true' | 'false' | 'unexpected';
  environment: Record<string, string>;
}

export interface SupervisorConfig {
  file: string;
  programs: SupervisorProgram[];
  serverUrl: string | null;
  /** [supervisord] directory=, where programs without one run. */
  directory: string | null;
}

type Section = Record<string, unknown>;

/** Comments and escapes as supervisord means them, ready for `ini`; section names keep their dots. */
export function prepareIni(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith(';') || trimmed.startsWith('#')) return '';
      const header = /^\s*\[(.+)\]\s*(;.*)?$/.exec(line);
      if (header) return `[${(header[1] as string).replace(/\./g, '\\.')}]`;
      const comment = /\s[;#]/.exec(line);
      const kept = comment ? line.slice(0, comment.index) : line;
      return kept.replace(/[;#]/g, '\\$&');
    })
    .join('\n');
}

export function expand(value: string, vars: Record<string, string>): string {
  return value.replace(/%\(([A-Za-z0-9_]+)\)([sd]|0?\d+d)|%%/g, (whole: string, name: string | undefined) => {
    if (whole === '%%') return '%';
    return vars[name as string] ?? whole;
  });
}

function text(section: Section, key: string): string | undefined {
  const value = section[key];
  if (value === undefined || value === null) return undefined;
  return String(value).trim();
}

/** `KEY="value",OTHER=x` as supervisord writes an environment. */
export function parseEnvironment(value: string): Record<string, string> {
  const env: Record<string, string> = {};
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("([^"]*)"|'([^']*)'|([^,]*))\s*(,|$)/g;
  for (const match of value.matchAll(pattern)) {
    env[match[1] as string] = match[3] ?? match[4] ?? (match[5] as string).trim();
  }
  return env;
}

function globFiles(pattern: string): string[] {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (!/[*?[]/.test(base)) return [pattern];
  const regex = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return listDir(dir).filter((name) => regex.test(name)).map((name) => path.join(dir, name));
}

function sectionLine(raw: string, header: string): number {
  const index = raw.split(/\r?\n/).findIndex((line) => line.trim().startsWith(`[${header}]`));
  return index + 1;
}

function readOne(file: string, env: NodeJS.ProcessEnv, note: (message: string) => void, config: SupervisorConfig, seen: Set<string>, depth: number): void {
  if (seen.has(file) || depth > 4) return;
  seen.add(file);
  const raw = readTextBounded(file);
  if (raw === null) {
    note(`cannot read supervisord config ${file}`);
    return;
  }
  let parsed: Record<string, Section>;
  try {
    parsed = ini.parse(prepareIni(raw)) as Record<string, Section>;
  } catch (error) {
    note(`${file}: not a supervisord config (${(error as Error).message})`);
    return;
  }
  const here = path.dirname(file);
  const vars: Record<string, string> = { here, host_node_name: os.hostname() };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) vars[`ENV_${key}`] = value;

  for (const [header, section] of Object.entries(parsed)) {
    if (typeof section !== 'object' || section === null) continue;
    if (header === 'supervisord') {
      const directory = text(section, 'directory');
      if (directory) config.directory = expand(directory, vars);
    } else if (header === 'unix_http_server' && !config.serverUrl) {
      const socket = text(section, 'file');
      if (socket) config.serverUrl = `unix://${path.resolve(here, expand(socket, vars))}`;
    } else if (header === 'inet_http_server' && !config.serverUrl) {
      const port = text(section, 'port');
      if (port) config.serverUrl = `http://${port.includes(':') ? port.replace(/^\*:/, '127.0.0.1:') : `127.0.0.1:${port}`}`;
    } else if (header.startsWith('program:')) {
      const name = header.slice('program:'.length);
      const programVars = { ...vars, program_name: name, process_num: '0', group_name: name, numprocs: '1' };
      const command = text(section, 'command');
      if (!command) {
        note(`${file}: [${header}] has no command; skipped`);
        continue;
      }
      const directory = text(section, 'directory');
      const autorestart = (text(section, 'autorestart') ?? 'unexpected').toLowerCase();
      config.programs.push({
        name,
        file,
        line: sectionLine(raw, header),
        command: expand(command, programVars),
        directory: directory ? expand(directory, programVars) : null,
        autostart: !['false', '0', 'no', 'off'].includes((text(section, 'autostart') ?? 'true').toLowerCase()),
        autorestart: autorestart === 'true' || autorestart === 'false' ? autorestart : 'unexpected',
        environment: parseEnvironment(expand(text(section, 'environment') ?? '', programVars)),
      });
    }
  }
  const include = parsed.include;
  const files = include && typeof include === 'object' ? text(include, 'files') : undefined;
  for (const pattern of (files ? expand(files, vars) : '').split(/\s+/).filter(Boolean)) {
    for (const included of globFiles(path.resolve(here, pattern))) readOne(included, env, note, config, seen, depth + 1);
  }
}

export function readSupervisorConfig(file: string, env: NodeJS.ProcessEnv, note: (message: string) => void): SupervisorConfig {
  const config: SupervisorConfig = { file, programs: [], serverUrl: null, directory: null };
  readOne(file, env, note, config, new Set(), 0);
  return config;
}
