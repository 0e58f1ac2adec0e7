/**
 * A systemd service unit: its [Service] ExecStart, WorkingDirectory,
 * Environment= and Restart=. systemd's dialect is not ini (keys repeat, an
 * empty assignment resets a list, a trailing backslash continues a line), so
 * it is read here line by line.
 */
import path from 'node:path';
import { definitionEnv } from './env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from './parsed.ts';
import { suggestedName } from './service-name.ts';
import { splitCommand } from './shell-words.ts';

export interface SystemdUnitDefinition extends ParsedDefinition {
  unit: string;
  /** The Restart= value as written ("no" when absent, systemd's default). */
  restartSetting: string;
  /** The [Install] WantedBy= targets: where `enable` links it. */
  wantedBy: string[];
}

type Sections = Map<string, Array<{ key: string; value: string; line: number }>>;

function readSections(text: string): Sections {
  const sections: Sections = new Map();
  let current: string | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const start = i;
    let line = (lines[i] as string).trim();
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i += 1;
      line = `${line.slice(0, -1)} ${(lines[i] as string).trim()}`;
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1] as string;
      if (!sections.has(current)) sections.set(current, []);
      continue;
    }
    const equals = line.indexOf('=');
    if (current === null || equals <= 0) continue;
    sections.get(current)?.push({ key: line.slice(0, equals).trim(), value: line.slice(equals + 1).trim(), line: start + 1 });
  }
  return sections;
}

function last(entries: Array<{ key: string; value: string }> | undefined, key: string): string | undefined {
  return entries?.filter((entry) => entry.key === key).pop()?.value;
}

/** Environment=A=1 "B=two words": each assignment a shell-quoted word. */
function environmentOf(entries: Array<{ key: string; value: string }>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.key === 'Environment')) {
    if (entry.value === '') {
      for (const key of Object.keys(env)) delete env[key];
      continue;
    }
    for (const word of splitCommand(entry.value).words) {
      const equals = word.indexOf('=');
      if (equals > 0) env[word.slice(0, equals)] = word.slice(equals + 1);
    }
  }
  return env;
}

export function parseSystemdUnit(text: string, file: string, inherited: Readonly<Record<string, string | undefined>> = {}): SystemdUnitDefinition {
  const sections = readSections(text);
  const service = sections.get('Service');
  if (!service) throw new DefinitionFileError(file, '[Service] section: is missing');
  const exec = service.filter((entry) => entry.key === 'ExecStart' && entry.value !== '').pop();
  if (!exec) throw new DefinitionFileError(file, '[Service] ExecStart: is missing');
  // Prefixes: @ (argv0), - (ignore failure), : + ! !! (privileges, no expansion).
  const execLine = exec.value.replace(/^[@\-:+!]+/, '');
  let command: string[];
  try {
    const split = splitCommand(execLine);
    command = split.words;
  } catch (error) {
    throw new DefinitionFileError(file, `line ${exec.line}: ExecStart: ${(error as Error).message}`);
  }
  if (command.length === 0) throw new DefinitionFileError(file, `line ${exec.line}: ExecStart: is empty`);
  const rawEnv = environmentOf(service);
  const { env, leftOut } = definitionEnv(rawEnv, inherited, Object.keys(rawEnv));
  const { port, portEnv } = portOf(env, command);
  const restartSetting = last(service, 'Restart') ?? 'no';
  const unsupported: string[] = [];
  const type = last(service, 'Type');
  if (type === 'forking' || type === 'oneshot') unsupported.push(`Type=${type}`);
  const user = last(service, 'User');
  if (user) unsupported.push(`User=${user}`);
  if (service.filter((entry) => entry.key === 'ExecStart' && entry.value !== '').length > 1) unsupported.push('several ExecStart=');
  if (last(service, 'EnvironmentFile')) unsupported.push('EnvironmentFile=');
  const workingDirectory = last(service, 'WorkingDirectory')?.replace(/^-/, '');
  const unit = path.basename(file);
  const wantedBy = (sections.get('Install') ?? []).filter((e) => e.key === 'WantedBy').flatMap((e) => e.value.split(/\s+/)).filter(Boolean);
  return {
    unit,
    restartSetting,
    wantedBy,
    definition: {
      name: suggestedName(unit),
      command,
      cwd: workingDirectory && workingDirectory !== '~' ? workingDirectory : null,
      env,
      port,
      portEnv,
      restart: restartSetting === 'always' ? 'always' : restartSetting === 'no' ? 'never' : 'on-failure',
    },
    from: { file, entry: unit, line: exec.line },
    respawns: restartSetting !== 'no',
    startsAtBoot: wantedBy.length > 0,
    unsupported,
    leftOut,
  };
}
