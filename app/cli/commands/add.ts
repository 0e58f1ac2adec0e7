/**
 * `upkeep add NAME [options] -- COMMAND [ARGS...]`: the definition is checked
 * against the ServiceSpec schema before anything is written; a running engine
 * adds (and autostarts) it at once, otherwise it goes straight into config.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeIssues, ServiceSpec, type ServiceSpecType } from '../../api.ts';
import { parseCommandArgs, portArgument } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { printActionResult } from '../print-result.ts';
import { serviceNameArgument } from '../service-args.ts';

const OPTIONS = {
  port: { type: 'string' },
  'port-env': { type: 'string' },
  restart: { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'string', multiple: true },
  'no-autostart': { type: 'boolean' },
  shell: { type: 'boolean' },
} as const;

export async function add(args: string[], ctx: CliContext): Promise<number> {
  const spec = specFromArgs(args);
  const client = await tryEngine(ctx);
  if (client) {
    printActionResult(ctx, await withClient(client, (c) => c.call('addService', { spec })));
    return EXIT_OK;
  }
  const { addServiceToConfig } = await import('../../config/store.ts');
  addServiceToConfig(ctx.paths, spec);
  ctx.out(`added "${spec.name}" to ${ctx.paths.config}`);
  ctx.out(spec.autostart === false ? 'no engine is running; start it later with "upkeep start"' : 'no engine is running; it starts with the next one ("upkeep daemon", or the app)');
  return EXIT_OK;
}

/** Everything from the command line, validated; throws UsageError naming the first thing wrong. */
export function specFromArgs(args: string[]): ServiceSpecType {
  const separator = args.indexOf('--');
  const command = separator === -1 ? [] : args.slice(separator + 1);
  const { values, positionals } = parseCommandArgs('add', separator === -1 ? args : args.slice(0, separator), OPTIONS, {
    min: 1,
    max: 1,
    names: 'a service name',
  });
  if (command.length === 0) {
    throw new UsageError('missing the command: put it after "--", e.g. upkeep add web --port 8080 -- node server.js');
  }
  const candidate: Record<string, unknown> = { name: serviceNameArgument(positionals[0] ?? ''), command };
  if (values.port !== undefined) candidate.port = portArgument(values.port, '--port');
  if (values['port-env'] !== undefined) candidate.portEnv = values['port-env'];
  if (values.restart !== undefined) candidate.restart = values.restart;
  // Like PM2 and a shell: a relative command means relative to where `add` was typed.
  candidate.cwd = existingDirectory(values.cwd ?? process.cwd());
  if (values.env !== undefined) candidate.env = envPairs(values.env);
  if (values['no-autostart']) candidate.autostart = false;
  if (values.shell) {
    // A shell line is one string; `-- npm run dev` and `-- "npm run dev"` mean the same.
    candidate.shell = true;
    candidate.command = [command.join(' ')];
  }
  const parsed = ServiceSpec.safeParse(candidate);
  if (!parsed.success) throw new UsageError(`invalid service: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function existingDirectory(dir: string): string {
  const absolute = path.resolve(dir);
  if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cwd ${absolute}: no such directory`);
  }
  return absolute;
}

function envPairs(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`--env needs KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return env;
}
