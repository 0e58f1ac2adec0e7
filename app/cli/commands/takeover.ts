/**
 * `upkeep takeover NAME [--yes] [--dry-run]`, `upkeep takeover NAME --undo
 * [--yes]`, `upkeep takeover --from KIND:WHERE [--name NAME]`: always prints
 * the plan first. On a terminal it asks; otherwise it acts only with --yes.
 */
import { RivalRef } from '../../api.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { requireEngine, withClient } from '../engine-link.ts';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors.ts';
import { formatPlan } from '../plan-view.ts';
import { printActionResult } from '../print-result.ts';
import { serviceNameArgument } from '../service-args.ts';

const OPTIONS = {
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  undo: { type: 'boolean' },
  from: { type: 'string' },
  name: { type: 'string' },
} as const;

export async function takeover(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('takeover', args, OPTIONS, { min: 0, max: 1, names: 'a service name (or --from KIND:WHERE)' });
  const positional = positionals[0];
  if (positional !== undefined && values.name !== undefined) throw new UsageError('give the name once: upkeep takeover NAME, or --from KIND:WHERE --name NAME');
  const nameText = positional ?? values.name;
  const name = nameText === undefined ? undefined : serviceNameArgument(nameText);
  let from: string | undefined;
  if (values.from !== undefined) {
    const parsed = RivalRef.safeParse(values.from);
    if (!parsed.success) throw new UsageError(`--from ${values.from}: must be pm2:APP, supervisord:PROGRAM, systemd:UNIT, launchd:LABEL, cron:FILE:LINE or watchdog:PID`);
    from = parsed.data;
  }
  if (name === undefined && from === undefined) throw new UsageError('upkeep takeover needs a service name or --from KIND:WHERE (see upkeep takeover --help)');
  if (values.undo && from !== undefined) throw new UsageError('--undo takes the service name, not --from');
  if (values.undo && name === undefined) throw new UsageError('--undo needs the service name');

  const client = await requireEngine(ctx);
  return withClient(client, async (c) => {
    const target = { ...(name === undefined ? {} : { name }), ...(from === undefined ? {} : { from }) };
    const plan = await c.call('takeoverPlan', values.undo ? { ...target, undo: true } : target);
    ctx.out(formatPlan(plan, ctx.palette).join('\n'));
    if (values['dry-run']) {
      ctx.out('(dry run: nothing was changed)');
      return EXIT_OK;
    }
    if (plan.blockers.length > 0) {
      ctx.err('upkeep: nothing was changed');
      return EXIT_FAILED;
    }
    if (!values.yes) {
      if (!ctx.interactive) throw new UsageError('not a terminal, so nothing was changed: add --yes to go ahead with this plan');
      if (!(await ctx.confirm(plan.direction === 'undo' ? 'Undo it?' : 'Take it over?'))) {
        ctx.out('nothing was changed');
        return EXIT_OK;
      }
    }
    const result = values.undo
      ? await c.call('undoTakeover', { name: plan.service })
      : await c.call('takeover', { ...target, planId: plan.planId });
    printActionResult(ctx, result);
    return EXIT_OK;
  });
}
