/**
 * `upkeep add NAME [options] -- COMMAND [ARGS...]`: the definition is checked
 * against the ServiceSpec schema before anything is written; a running engine
 * adds (and autostarts) it at once, otherwise it goes straight into config.json.
 */
import { describeIssues, ServiceSpec, type ServiceSpecType } from '../../api.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { printActionResult } from '../print-result.ts';
import { serviceNameArgument } from '../service-args.ts';
import { SERVICE_OPTIONS } from '../service-flags.ts';
import { applyServiceFlags } from '../service-spec-flags.ts';

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

/** `[options] -- COMMAND`: the options, and the command after the first `--` (empty when there is none). */
export function splitAtCommand(args: string[]): { own: string[]; command: string[] } {
  const separator = args.indexOf('--');
  return separator === -1 ? { own: args, command: [] } : { own: args.slice(0, separator), command: args.slice(separator + 1) };
}

/** A shell line is one string; `-- npm run dev` and `-- "npm run dev"` mean the same. */
export function commandFor(command: string[], shell: boolean): string[] {
  return shell ? [command.join(' ')] : command;
}

export function validSpec(candidate: Record<string, unknown>): ServiceSpecType {
  const parsed = ServiceSpec.safeParse(candidate);
  if (!parsed.success) throw new UsageError(`invalid service: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Everything from the command line, validated; throws UsageError naming the first thing wrong. */
export function specFromArgs(args: string[], currentDir = process.cwd()): ServiceSpecType {
  const { own, command } = splitAtCommand(args);
  const { values, positionals } = parseCommandArgs('add', own, SERVICE_OPTIONS, { min: 1, max: 1, names: 'a service name' });
  const editOnly = (['unset-env', 'clear'] as const).find((flag) => values[flag] !== undefined);
  if (editOnly) throw new UsageError(`--${editOnly} is for "upkeep edit" (see upkeep add --help)`);
  if (command.length === 0) {
    throw new UsageError('missing the command: put it after "--", e.g. upkeep add web --port 8080 -- node server.js');
  }
  const name = serviceNameArgument(positionals[0] ?? '');
  const draft = applyServiceFlags({ name }, values, { mode: 'add', currentDir });
  return validSpec({ ...draft, name, command: commandFor(command, values.shell === true), ...(values.shell ? { shell: true } : {}) });
}
