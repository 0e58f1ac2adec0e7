/**
 * Carries out a takeover plan: check every rival is as found (else change
 * nothing), retire each (backups first, the record written after each
 * change), stop the copies they left, import or start the definition, and
 * verify one copy. When a step fails, what was done is undone in reverse
 * and the error says what happened.
 */
import { ApiError } from '../api.ts';
import { processStartTime } from '../os/identity.ts';
import type { EngineOps } from './engine-ops.ts';
import { handlerFor } from './handlers.ts';
import type { TakeoverPlan } from './plan-types.ts';
import { readTakeoverRecord, removeTakeoverRecord, writeTakeoverRecord, type TakeoverRecord } from './record.ts';
import type { HandlerContext } from './rival-handler.ts';
import { stopTree } from './stop-tree.ts';
import { undoRecorded } from './undo.ts';
import { verifyTakenOver } from './verify.ts';

export interface ExecuteDeps {
  ops: EngineOps;
  ctx: HandlerContext;
  /** Where a service without a cwd runs (the engine's default). */
  defaultCwd: string;
}

export async function executeTakeover(plan: TakeoverPlan, deps: ExecuteDeps, steps: string[]): Promise<void> {
  const { ops, ctx } = deps;
  if (plan.blockers.length > 0) throw new ApiError('conflict', `not taken over: ${plan.blockers.join('; ')}`);
  if (!plan.definition) throw new ApiError('conflict', 'not taken over: no definition to run');
  if (readTakeoverRecord(ctx.paths, plan.service)) {
    throw new ApiError('conflict', `"${plan.service}" was taken over already; undo that first (upkeep takeover ${plan.service} --undo)`);
  }

  // Every rival as found, before anything changes.
  const rivalCopies: Array<{ pid: number; startTime: string }> = [];
  for (const finding of plan.findings) {
    await handlerFor(finding.kind).check(finding.locator as never, ctx);
    const startTime = finding.copyPid === null ? null : processStartTime(finding.copyPid);
    if (finding.copyPid !== null && startTime) rivalCopies.push({ pid: finding.copyPid, startTime });
  }

  const record: TakeoverRecord = {
    service: plan.service,
    at: Date.now(),
    specBefore: plan.definition.source === 'existing' ? plan.definition.spec : null,
    retired: [],
    backups: [],
    complete: false,
  };
  const backup = ctx.backup;
  const backupText = ctx.backupText;
  const recording: HandlerContext = {
    ...ctx,
    backup: (file) => {
      const copy = backup(file);
      record.backups.push({ file, backup: copy });
      steps.push(`backed up ${file} to ${copy}`);
      writeTakeoverRecord(ctx.paths, record);
      return copy;
    },
    backupText: (label, text) => {
      const copy = backupText(label, text);
      record.backups.push({ file: label, backup: copy });
      steps.push(`backed up the ${label} to ${copy}`);
      writeTakeoverRecord(ctx.paths, record);
      return copy;
    },
  };
  writeTakeoverRecord(ctx.paths, record);

  let definitionChanged = false;
  let started = false;
  try {
    for (const finding of plan.findings) {
      record.retired.push(await handlerFor(finding.kind).retire(finding.locator as never, recording));
      writeTakeoverRecord(ctx.paths, record);
    }
    for (const copy of rivalCopies) {
      if ((await stopTree(copy.pid, copy.startTime)) > 0) steps.push(`stopped the copy the rival left running (pid ${copy.pid})`);
    }
    if (plan.definition.source === 'import') {
      definitionChanged = true;
      steps.push(...(await ops.addService({ spec: plan.definition.spec })).steps);
    } else {
      const before = (await ops.list({})).services.find((service) => service.name === plan.service);
      started = before?.pid === null;
      steps.push(...(await ops.start({ name: plan.service })).steps);
    }
    steps.push(await verifyTakenOver(ops, { name: plan.service, cwd: plan.definition.spec.cwd ?? deps.defaultCwd, rivalCopies }));
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    const undone = await rollBack(record, definitionChanged || started, definitionChanged, deps);
    removeTakeoverRecord(ctx.paths, plan.service);
    const code = error instanceof ApiError ? error.code : 'internal';
    throw new ApiError(code, `takeover of "${plan.service}" failed: ${failure}; put back: ${undone.join('; ') || 'nothing had changed'}`);
  }
  record.complete = true;
  writeTakeoverRecord(ctx.paths, record);
  steps.push(`recorded in ${ctx.paths.takeover(plan.service)}; undo with: upkeep takeover ${plan.service} --undo`);
}

async function rollBack(record: TakeoverRecord, stop: boolean, definitionChanged: boolean, deps: ExecuteDeps): Promise<string[]> {
  const done: string[] = [];
  if (stop) {
    try {
      await deps.ops.stop({ name: record.service });
      done.push(`stopped "${record.service}" under Upkeep`);
    } catch {
      // not added yet
    }
  }
  if (definitionChanged) {
    try {
      await deps.ops.removeService({ name: record.service });
      done.push(`removed the imported "${record.service}"`);
    } catch (error) {
      done.push(`could not remove "${record.service}" (${(error as Error).message})`);
    }
  }
  done.push(...(await undoRecorded(record.retired, deps.ctx)));
  return done;
}
