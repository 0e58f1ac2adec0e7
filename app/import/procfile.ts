/**
 * A Procfile (`name: command`, one per line) with the `.env` beside it
 * (read with dotenv). Every command is a shell line in the Procfile's folder;
 * a simple one becomes an argv.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { definitionEnv } from '../rivals/parse/env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from '../rivals/parse/parsed.ts';
import { suggestedName } from '../rivals/parse/service-name.ts';
import { splitCommand } from '../rivals/parse/shell-words.ts';

export function parseProcfile(text: string, file: string, dotenv: Record<string, string>, inherited: Readonly<Record<string, string | undefined>> = {}): ParsedDefinition[] {
  const dir = path.dirname(path.resolve(file));
  const { env, leftOut } = definitionEnv(dotenv, inherited, Object.keys(dotenv));
  const found: ParsedDefinition[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line);
    if (!match) throw new DefinitionFileError(file, `line ${index + 1}: expected "name: command", not ${JSON.stringify(line)}`);
    const [name, commandLine] = [match[1] as string, match[2] as string];
    let split: ReturnType<typeof splitCommand>;
    try {
      split = splitCommand(commandLine);
    } catch (error) {
      throw new DefinitionFileError(file, `line ${index + 1}: ${(error as Error).message}`);
    }
    const command = split.needsShell ? ['/bin/sh', '-c', commandLine] : split.words;
    // Procfile convention: the web process reads $PORT.
    const { port } = portOf(env, command);
    found.push({
      definition: { name: suggestedName(name), command, cwd: dir, env, port, portEnv: port !== null && env.PORT !== undefined ? 'PORT' : null, restart: 'always' },
      from: { file, entry: name, line: index + 1 },
      respawns: false,
      startsAtBoot: false,
      unsupported: [],
      leftOut,
    });
  });
  return found;
}

export function readProcfile(file: string, inherited: Readonly<Record<string, string | undefined>>): ParsedDefinition[] {
  const envFile = path.join(path.dirname(file), '.env');
  const dotenv = existsSync(envFile) ? parseDotenv(readFileSync(envFile)) : {};
  return parseProcfile(readFileSync(file, 'utf8'), file, dotenv, inherited);
}
