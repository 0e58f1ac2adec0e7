/**
 * A systemd service unit as a definition: ExecStart, WorkingDirectory,
 * Environment= and Restart= as detection reads them (parseUnitFile), plus the
 * few keys an import must refuse or report (Type=forking, User=, several
 * ExecStart=, EnvironmentFile=) and [Install] WantedBy=.
 */
import path from 'node:path';
import { parseUnitFile, restartPolicy } from '../unit-file.ts';
import { definitionEnv } from './env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from './parsed.ts';
import { suggestedName } from './service-name.ts';

export interface SystemdUnitDefinition extends ParsedDefinition {
  unit: string;
  /** The Restart= value as written ("no" when absent, systemd's default). */
  restartSetting: string;
  /** The [Install] WantedBy= targets: where `enable` links it. */
  wantedBy: string[];
}

/** The last value of `key=` in the text (any section), or undefined. */
function lastValue(text: string, key: string): string | undefined {
  const matches = [...text.matchAll(new RegExp(`^\\s*${key}=(.*)$`, 'gm'))];
  return matches.at(-1)?.[1]?.trim();
}

export function parseSystemdUnit(text: string, file: string, inherited: Readonly<Record<string, string | undefined>> = {}): SystemdUnitDefinition {
  if (!/^\s*\[Service\]\s*$/m.test(text)) throw new DefinitionFileError(file, '[Service] section: is missing');
  const unitFile = parseUnitFile(text);
  const command = unitFile.execStart.at(-1);
  if (!command) throw new DefinitionFileError(file, '[Service] ExecStart: is missing');
  const execLine = text.split('\n').findIndex((line) => /^\s*ExecStart=\S/.test(line)) + 1;
  const rawEnv = unitFile.environment;
  const { env, leftOut } = definitionEnv(rawEnv, inherited, Object.keys(rawEnv));
  const { port, portEnv } = portOf(env, command);
  const restartSetting = unitFile.restart ?? 'no';
  const unsupported: string[] = [];
  const type = lastValue(text, 'Type');
  if (type === 'forking' || type === 'oneshot') unsupported.push(`Type=${type}`);
  const user = lastValue(text, 'User');
  if (user) unsupported.push(`User=${user}`);
  if (unitFile.execStart.length > 1) unsupported.push('several ExecStart=');
  if (lastValue(text, 'EnvironmentFile')) unsupported.push('EnvironmentFile=');
  const unit = path.basename(file);
  const wantedBy = (lastValue(text, 'WantedBy') ?? '').split(/\s+/).filter(Boolean);
  const cwd = unitFile.workingDirectory;
  return {
    unit,
    restartSetting,
    wantedBy,
    definition: { name: suggestedName(unit), command, cwd: cwd && cwd !== '~' ? cwd : null, env, port, portEnv, restart: restartPolicy(unitFile.restart) },
    from: { file, entry: unit, line: execLine > 0 ? execLine : null },
    respawns: restartSetting !== 'no',
    startsAtBoot: wantedBy.length > 0,
    unsupported,
    leftOut,
  };
}
