/** `upkeep port NAME [PORT | --auto | --reset]`: move a service to another port, or say which it uses. */
import { parseCommandArgs, portArgument } from '../args.ts';
import type { CliContext } from '../context.ts';
import { requireEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { printActionResult } from '../print-result.ts';
import { serviceNameArgument } from '../service-args.ts';

export async function port(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'port',
    args,
    { auto: { type: 'boolean' }, reset: { type: 'boolean' } },
    { min: 1, max: 2, names: 'a service name' },
  );
  const name = serviceNameArgument(positionals[0] ?? '');
  const portText = positionals[1];
  const choices = [portText !== undefined, values.auto === true, values.reset === true].filter(Boolean).length;
  if (choices > 1) throw new UsageError('give one of PORT, --auto or --reset (see upkeep port --help)');
  const newPort = portText === undefined ? undefined : portArgument(portText);

  const client = await requireEngine(ctx);
  await withClient(client, async (c) => {
    if (choices === 0) {
      const service = (await c.call('list', {})).services.find((s) => s.name === name);
      if (!service) throw new UsageError(`unknown service "${name}"`);
      const configured = service.configuredPort !== null && service.configuredPort !== service.port ? ` (configured ${service.configuredPort})` : '';
      ctx.out(service.port === null ? `${name}: no port` : `${name}: port ${service.port}${configured}`);
      return;
    }
    const params = newPort !== undefined ? { name, port: newPort } : values.auto ? { name, auto: true } : { name, reset: true };
    printActionResult(ctx, await c.call('setPort', params));
  });
  return EXIT_OK;
}
