/** `upkeep start|stop|restart|restore NAME|all`: one call to the running engine. */
import { stopPolicyOf } from '../../config/defaults.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { requireEngine, withClient } from '../engine-link.ts';
import { EXIT_OK } from '../errors.ts';
import { printActionResult } from '../print-result.ts';
import { targetArgument } from '../service-args.ts';

export type ActionName = 'start' | 'stop' | 'restart' | 'restore';

export function action(name: ActionName) {
  return async (args: string[], ctx: CliContext): Promise<number> => {
    const { positionals } = parseCommandArgs(name, args, {}, { min: 1, max: 1, names: 'a service name or "all"' });
    const target = targetArgument(positionals[0] ?? '');
    const client = await requireEngine(ctx);
    const result = await withClient(client, async (c) => {
      // A start stops nothing; any other reply may wait for a stop: allow the longest stop timeout among the targets.
      if (name === 'start') return c.call(name, { name: target });
      const { services } = await c.call('list', { copies: false });
      const stopTimeoutMs = Math.max(0, ...services.filter((s) => target === 'all' || s.name === target).map((s) => stopPolicyOf(s.spec).timeoutMs));
      return c.call(name, { name: target }, { stopTimeoutMs });
    });
    printActionResult(ctx, result);
    return EXIT_OK;
  };
}
