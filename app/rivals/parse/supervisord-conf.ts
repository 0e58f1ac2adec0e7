/**
 * supervisord's config: every `[program:x]` section as a definition, with
 * the line it starts on. Read with the `ini` package; the parts ini does not
 * know (supervisord's `environment=` list, `%(here)s` and
 * `%(program_name)s`, `autorestart=unexpected`) are handled here.
 */
import path from 'node:path';
import ini from 'ini';
import { definitionEnv } from './env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from './parsed.ts';
import { suggestedName } from './service-name.ts';
import { splitCommand } from './shell-words.ts';
import { expand as expandVars, parseEnvironment, prepareIni } from '../supervisord-config.ts';

export interface SupervisordProgram extends ParsedDefinition {
  program: string;
  autostart: boolean;
  autorestart: 'true' | 'false' | 'unexpected';
}

function truthy(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return value === true || /^(true|yes|on|1)$/i.test(String(value));
}

function autorestartOf(value: unknown): SupervisordProgram['autorestart'] {
  if (value === undefined) return 'unexpected';
  if (truthy(value, false)) return 'true';
  return String(value).toLowerCase() === 'unexpected' ? 'unexpected' : 'false';
}

function expand(value: string, here: string, program: string): string {
  return expandVars(value, { here, program_name: program, ENV_HOME: process.env.HOME ?? '' });
}

/** The 1-based line of `[section]`, or null. */
export function sectionLine(text: string, section: string): number | null {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.trim() === `[${section}]`);
  return index === -1 ? null : index + 1;
}

export function parseSupervisordConf(text: string, file: string, inherited: Readonly<Record<string, string | undefined>> = {}): SupervisordProgram[] {
  let sections: Record<string, unknown>;
  try {
    sections = ini.parse(prepareIni(text)) as Record<string, unknown>;
  } catch (error) {
    throw new DefinitionFileError(file, `not an ini file (${(error as Error).message})`);
  }
  const here = path.dirname(path.resolve(file));
  const programs: SupervisordProgram[] = [];
  for (const [section, body] of Object.entries(sections)) {
    if (!section.startsWith('program:') || typeof body !== 'object' || body === null) continue;
    const program = section.slice('program:'.length);
    const fields = body as Record<string, unknown>;
    const commandLine = typeof fields.command === 'string' ? expand(fields.command, here, program) : '';
    if (commandLine === '') throw new DefinitionFileError(file, `[${section}] command: is missing`);
    let split;
    try {
      split = splitCommand(commandLine);
    } catch (error) {
      throw new DefinitionFileError(file, `[${section}] command: ${(error as Error).message}`);
    }
    let rawEnv: Record<string, string> = {};
    try {
      rawEnv = typeof fields.environment === 'string' ? parseEnvironment(expand(fields.environment, here, program)) : {};
    } catch (error) {
      throw new DefinitionFileError(file, `[${section}] ${(error as Error).message}`);
    }
    // supervisord's environment= is the program's own, so every entry counts as set by the definition.
    const { env, leftOut } = definitionEnv(rawEnv, inherited, Object.keys(rawEnv));
    const command = split.needsShell ? ['/bin/sh', '-c', commandLine] : split.words;
    const { port, portEnv } = portOf(env, command);
    const autorestart = autorestartOf(fields.autorestart);
    const unsupported: string[] = [];
    if (fields.numprocs !== undefined && Number(fields.numprocs) !== 1) unsupported.push(`numprocs ${String(fields.numprocs)}`);
    if (typeof fields.user === 'string' && fields.user !== '') unsupported.push(`user ${fields.user}`);
    programs.push({
      program,
      autostart: truthy(fields.autostart, true),
      autorestart,
      definition: {
        name: suggestedName(program),
        command,
        cwd: typeof fields.directory === 'string' ? expand(fields.directory, here, program) : null,
        env,
        port,
        portEnv,
        restart: autorestart === 'true' ? 'always' : autorestart === 'unexpected' ? 'on-failure' : 'never',
      },
      from: { file, entry: section, line: sectionLine(text, section) },
      respawns: autorestart !== 'false',
      startsAtBoot: truthy(fields.autostart, true),
      unsupported,
      leftOut,
    });
  }
  return programs;
}
