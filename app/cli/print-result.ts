/** How an action's result reads: the steps the engine took, then where each service ended up. */
import type { ActionResult, ServiceStatus } from '../api.ts';
import type { CliContext } from './context.ts';

export function printActionResult(ctx: CliContext, result: ActionResult): void {
  for (const step of result.steps) ctx.out(step);
  if (result.steps.length === 0) for (const service of result.services) ctx.out(oneLine(service));
}

export function oneLine(service: ServiceStatus): string {
  const pid = service.pid === null ? '' : ` (pid ${service.pid}${service.port === null ? '' : `, port ${service.port}`})`;
  return `${service.name}: ${service.state}${pid}`;
}
