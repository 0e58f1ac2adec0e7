/** process-compose.yaml: its `processes`, read with the yaml package and checked with zod. */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from '../zod.ts';
import { definitionEnv } from '../rivals/parse/env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from '../rivals/parse/parsed.ts';
import { suggestedName } from '../rivals/parse/service-name.ts';
import { splitCommand } from '../rivals/parse/shell-words.ts';

const Process = z
  .object({
    command: z.string().min(1),
    working_dir: z.string().optional(),
    environment: z.array(z.string()).optional(),
    availability: z.object({ restart: z.string().optional(), max_restarts: z.number().optional() }).passthrough().optional(),
    is_daemon: z.boolean().optional(),
    replicas: z.number().int().optional(),
    depends_on: z.record(z.string(), z.unknown()).optional(),
    disabled: z.boolean().optional(),
  })
  .passthrough();
const ComposeFile = z.object({ processes: z.record(z.string(), Process) }).passthrough();

const RESTART: Record<string, 'always' | 'on-failure' | 'never'> = { always: 'always', on_failure: 'on-failure', exit_on_failure: 'on-failure', no: 'never' };

export function parseProcessCompose(text: string, file: string, inherited: Readonly<Record<string, string | undefined>> = {}): ParsedDefinition[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new DefinitionFileError(file, `not YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = ComposeFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DefinitionFileError(file, issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'not a process-compose file');
  }
  const dir = path.dirname(path.resolve(file));
  return Object.entries(parsed.data.processes).map(([name, proc]) => {
    const rawEnv = Object.fromEntries((proc.environment ?? []).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]).filter(([key]) => key));
    const { env, leftOut } = definitionEnv(rawEnv, inherited, Object.keys(rawEnv));
    let split: ReturnType<typeof splitCommand>;
    try {
      split = splitCommand(proc.command);
    } catch (error) {
      throw new DefinitionFileError(file, `processes.${name}.command: ${(error as Error).message}`);
    }
    const command = split.needsShell ? ['/bin/sh', '-c', proc.command] : split.words;
    const { port, portEnv } = portOf(env, command);
    const unsupported: string[] = [];
    if (proc.is_daemon) unsupported.push('is_daemon');
    if (proc.replicas !== undefined && proc.replicas !== 1) unsupported.push(`replicas ${proc.replicas}`);
    if (proc.depends_on) unsupported.push('depends_on');
    const restartText = proc.availability?.restart ?? 'no';
    return {
      definition: { name: suggestedName(name), command, cwd: proc.working_dir ? path.resolve(dir, proc.working_dir) : dir, env, port, portEnv, restart: RESTART[restartText] ?? 'never' },
      from: { file, entry: `processes.${name}`, line: null },
      respawns: restartText !== 'no',
      startsAtBoot: false,
      unsupported,
      leftOut,
    };
  });
}
