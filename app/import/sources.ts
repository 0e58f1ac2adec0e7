/**
 * What `upkeep import` reads, picked by the file's name (or content): the
 * same parsers detection uses (app/rivals/parse) plus the import-only ones.
 * `pm2` means the apps PM2 would bring back: dump.pm2 in $PM2_HOME (~/.pm2).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseLaunchdPlist } from '../rivals/parse/launchd-plist.ts';
import { DefinitionFileError, type ParsedDefinition } from '../rivals/parse/parsed.ts';
import { parsePm2Dump } from '../rivals/parse/pm2-dump.ts';
import { parseSupervisordConf } from '../rivals/parse/supervisord-conf.ts';
import { parseSystemdUnit } from '../rivals/parse/systemd-unit.ts';
import { readEcosystem } from './ecosystem.ts';
import { parseProcessCompose } from './process-compose.ts';
import { readProcfile } from './procfile.ts';

export type SourceKind = 'pm2-ecosystem' | 'pm2-dump' | 'procfile' | 'process-compose' | 'supervisord' | 'launchd' | 'systemd';

export function kindOf(file: string, text: string): SourceKind | null {
  const base = path.basename(file);
  if (/^ecosystem(\.[\w-]+)*\.(c?js|mjs|json)$/.test(base) || /\.config\.(c?js|mjs)$/.test(base)) return 'pm2-ecosystem';
  if (base === 'dump.pm2' || base.endsWith('.pm2')) return 'pm2-dump';
  if (/^Procfile(\..+)?$/.test(base)) return 'procfile';
  if (/^process-compose(\.[\w-]+)?\.ya?ml$/.test(base)) return 'process-compose';
  if (base.endsWith('.plist')) return 'launchd';
  if (base.endsWith('.service')) return 'systemd';
  if (base.endsWith('.conf') || base.endsWith('.ini')) return /^\s*\[program:/m.test(text) ? 'supervisord' : null;
  return null;
}

function read(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new DefinitionFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function readSource(source: string, env: NodeJS.ProcessEnv): Promise<ParsedDefinition[]> {
  const file = source === 'pm2' ? path.join(env.PM2_HOME ?? path.join(os.homedir(), '.pm2'), 'dump.pm2') : path.resolve(source);
  const bytes = read(file);
  const text = bytes.toString('utf8');
  const kind = source === 'pm2' ? 'pm2-dump' : kindOf(file, text);
  switch (kind) {
    case 'pm2-ecosystem':
      return readEcosystem(file, env);
    case 'pm2-dump':
      return parsePm2Dump(text, file, env);
    case 'procfile':
      return readProcfile(file, env);
    case 'process-compose':
      return parseProcessCompose(text, file, env);
    case 'supervisord':
      return parseSupervisordConf(text, file, env);
    case 'launchd':
      return [parseLaunchdPlist(bytes, file, env)];
    case 'systemd':
      return [parseSystemdUnit(text, file, env)];
    case null:
      throw new DefinitionFileError(file, 'not a file upkeep import reads: ecosystem.config.js/.cjs/.json, dump.pm2, Procfile, process-compose.yaml, supervisord.conf, a .plist or a .service');
  }
}
