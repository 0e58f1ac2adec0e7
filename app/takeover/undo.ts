/**
 * `takeover --undo`: stop Upkeep's copy, hand each rival back exactly as the
 * record says (in reverse order), and leave Upkeep's definitions as they
 * were before: an imported definition removed, one that existed kept but set
 * not to start by itself.
 */
import { ApiError } from '../api.ts';
import type { EngineOps } from './engine-ops.ts';
import { handlerFor } from './handlers.ts';
import { readTakeoverRecord, removeTakeoverRecord, type UndoEntry } from './record.ts';
import type { HandlerContext } from './rival-handler.ts';

/** Undoes each entry, last first; a failure is said and the rest still run. */
export async function undoRecorded(entries: readonly UndoEntry[], ctx: HandlerContext): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of [...entries].reverse()) {
    try {
      lines.push(...(await handlerFor(entry.kind).undo(entry as never, ctx)));
    } catch (error) {
      lines.push(`${entry.kind}: could not be put back (${(error as Error).message})`);
    }
  }
  return lines;
}

export async function undoTakeover(name: string, ops: EngineOps, ctx: HandlerContext): Promise<string[]> {
  const record = readTakeoverRecord(ctx.paths, name);
  if (!record) throw new ApiError('not-found', `no takeover of "${name}" is recorded (in ${ctx.paths.takeover(name)})`);
  const steps: string[] = [];
  const current = (await ops.list({})).services.find((service) => service.name === name);
  if (current) {
    steps.push(...(await ops.stop({ name })).steps);
    if (record.specBefore === null) {
      await ops.removeService({ name });
      steps.push(`${name}: removed the definition the takeover imported`);
    } else {
      await ops.updateService({ spec: { ...current.spec, autostart: false } });
      steps.push(`${name}: kept, set not to start by itself (autostart: false)`);
    }
  } else {
    steps.push(`${name}: no longer defined in Upkeep; nothing to stop`);
  }
  steps.push(...(await undoRecorded(record.retired, ctx)));
  removeTakeoverRecord(ctx.paths, name);
  steps.push(`removed ${ctx.paths.takeover(name)}`);
  return steps;
}
