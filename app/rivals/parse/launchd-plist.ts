/**
 * A launchd job (a plist in LaunchAgents / LaunchDaemons), XML or binary,
 * decoded by detection's own readPlist and checked with zod.
 */
import { readPlist } from '../launchd.ts';
import { z } from '../../zod.ts';
import { definitionEnv } from './env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from './parsed.ts';
import { suggestedName } from './service-name.ts';

const LaunchdJob = z
  .object({
    Label: z.string().min(1),
    Program: z.string().min(1).optional(),
    ProgramArguments: z.array(z.string()).min(1).optional(),
    WorkingDirectory: z.string().optional(),
    EnvironmentVariables: z.record(z.string(), z.string()).optional(),
    KeepAlive: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
    RunAtLoad: z.boolean().optional(),
    StartInterval: z.number().int().optional(),
    StartCalendarInterval: z.unknown().optional(),
    UserName: z.string().optional(),
    Disabled: z.boolean().optional(),
  })
  .passthrough();

export interface LaunchdJobDefinition extends ParsedDefinition {
  label: string;
  keepAlive: boolean;
  runAtLoad: boolean;
  startInterval: number | null;
}

function decode(bytes: Buffer, file: string): unknown {
  try {
    return readPlist(bytes);
  } catch (error) {
    throw new DefinitionFileError(file, `not a property list (${(error as Error).message})`);
  }
}

export function parseLaunchdPlist(bytes: Buffer, file: string, inherited: Readonly<Record<string, string | undefined>> = {}): LaunchdJobDefinition {
  const parsed = LaunchdJob.safeParse(decode(bytes, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DefinitionFileError(file, issue ? `${issue.path.join('.') || 'plist'}: ${issue.message}` : 'not a launchd job');
  }
  const job = parsed.data;
  const command = job.ProgramArguments ?? (job.Program ? [job.Program] : null);
  if (!command) throw new DefinitionFileError(file, 'ProgramArguments: is missing (and so is Program)');
  if (job.Program && job.ProgramArguments) command[0] = job.Program;
  const rawEnv = job.EnvironmentVariables ?? {};
  const { env, leftOut } = definitionEnv(rawEnv, inherited, Object.keys(rawEnv));
  const { port, portEnv } = portOf(env, command);
  // KeepAlive as a dictionary (SuccessfulExit, NetworkState…) still restarts it under some condition.
  const keepAlive = job.KeepAlive === true || (typeof job.KeepAlive === 'object' && job.KeepAlive !== null);
  const startInterval = job.StartInterval ?? null;
  const unsupported: string[] = [];
  if (job.UserName) unsupported.push(`UserName ${job.UserName}`);
  if (startInterval !== null) unsupported.push(`StartInterval ${startInterval}`);
  if (job.StartCalendarInterval !== undefined) unsupported.push('StartCalendarInterval');
  return {
    label: job.Label,
    keepAlive,
    runAtLoad: job.RunAtLoad === true,
    startInterval,
    definition: {
      name: suggestedName(job.Label.split('.').pop() ?? job.Label),
      command,
      cwd: job.WorkingDirectory ?? null,
      env,
      port,
      portEnv,
      restart: job.KeepAlive === true ? 'always' : keepAlive ? 'on-failure' : 'never',
    },
    from: { file, entry: job.Label, line: null },
    respawns: keepAlive || startInterval !== null || job.StartCalendarInterval !== undefined,
    startsAtBoot: job.RunAtLoad === true && job.Disabled !== true,
    unsupported,
    leftOut,
  };
}
