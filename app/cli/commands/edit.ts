/**
 * `upkeep edit NAME [options] [-- COMMAND [ARGS...]]`: changes only the
 * fields it is given. The current definition comes from the engine when one
 * runs (which saves it and restarts the service if it must), else from
 * config.json, which is then written directly.
 */
import type { ServiceSpecType } from '../../api.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { printActionResult } from '../print-result.ts';
import { serviceNameArgument } from '../service-args.ts';
import { SERVICE_OPTIONS } from '../service-flags.ts';
import { applyServiceFlags } from '../service-spec-flags.ts';
import { commandFor, splitAtCommand, validSpec } from './add.ts';

export async function edit(args: string[], ctx: CliContext): Promise<number> {
  const { own, command } = splitAtCommand(args);
  const { values, positionals } = parseCommandArgs('edit', own, SERVICE_OPTIONS, { min: 1, max: 1, names: 'a service name' });
  const name = serviceNameArgument(positionals[0] ?? '');
  if (args.includes('--') && command.length === 0) throw new UsageError('missing the command after "--"');
  if (values.shell && command.length === 0) throw new UsageError('--shell needs the command line after "--"');
  const change = (current: ServiceSpecType): ServiceSpecType => {
    const draft = applyServiceFlags(current, values, { mode: 'edit', currentDir: process.cwd() });
    if (command.length > 0) {
      draft.command = commandFor(command, values.shell === true);
      if (values.shell) draft.shell = true;
      else delete draft.shell;
    }
    return validSpec({ ...draft, name });
  };

  const client = await tryEngine(ctx);
  if (client) {
    await withClient(client, async (c) => {
      const current = (await c.call('list', { copies: false })).services.find((service) => service.name === name);
      if (!current) throw new UsageError(`unknown service "${name}" (see upkeep status)`);
      printActionResult(ctx, await c.call('updateService', { spec: change(current.spec) }));
      // The configured port was already N but a conflict had moved the service: it goes back to N.
      const port = values.port === undefined ? null : Number(values.port);
      const after = (await c.call('list', {})).services.find((service) => service.name === name);
      if (port !== null && after && after.port !== port) printActionResult(ctx, await c.call('setPort', { name, reset: true }));
    });
    return EXIT_OK;
  }
  const { readConfig, replaceServiceInConfig } = await import('../../config/store.ts');
  const config = readConfig(ctx.paths);
  if (!config.ok) throw new UsageError(`config not changed: ${config.error}`);
  const current = (config.config.services ?? []).find((service) => service.name === name);
  if (!current) throw new UsageError(`unknown service "${name}" (see upkeep status)`);
  replaceServiceInConfig(ctx.paths, change(current));
  ctx.out(`saved "${name}" in ${ctx.paths.config}`);
  ctx.out('no engine is running; the change applies when it starts');
  return EXIT_OK;
}
