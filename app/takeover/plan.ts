/**
 * The takeover plan: for the rivals found, each step with its exact files
 * and commands, the definition Upkeep will run, and what stops it from going
 * ahead. Building a plan changes nothing. Its id is a hash of everything in
 * it, so acting on a plan can check it is still the one a person saw.
 */
import type { ServiceSpec } from '../config/schema.ts';
import type { DataPaths } from '../paths.ts';
import type { ForeignDefinition, Finding } from '../rivals/finding.ts';
import { viaOf } from '../shared/rival-text.ts';
import { handlerFor } from './handlers.ts';
import type { PlanStep, TakeoverPlan } from './plan-types.ts';
import type { TakeoverRecord, UndoEntry } from './record.ts';
import type { HandlerContext } from './rival-handler.ts';
import { displayCommand } from '../os/command-line.ts';

export interface PlanInput {
  service: string;
  existing: ServiceSpec | null;
  findings: readonly Finding[];
  /** Variables the import leaves out (secrets), to say so. */
  leftOut?: readonly string[];
}

/** Files a step edits (and so backs up): all but the unit and plist, which systemctl/launchctl leave alone. */
const EDITS_FILES: ReadonlySet<Finding['kind']> = new Set(['pm2', 'supervisord', 'cron']);

export function importedSpec(service: string, definition: ForeignDefinition): ServiceSpec {
  const spec: ServiceSpec = { name: service, command: definition.command };
  if (definition.cwd) spec.cwd = definition.cwd;
  if (Object.keys(definition.env).length > 0) spec.env = definition.env;
  if (definition.port !== null) spec.port = definition.port;
  if (definition.portEnv !== null && definition.portEnv !== 'PORT') spec.portEnv = definition.portEnv;
  if (definition.restart !== null) spec.restart = definition.restart;
  return spec;
}

/** node:crypto is loaded here, at a person's takeover, not with the engine (see shared/unique-id.ts). */
function planId(plan: Omit<TakeoverPlan, 'planId'>): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
}

function definitionStep(definition: NonNullable<TakeoverPlan['definition']>, paths: DataPaths): PlanStep {
  const { spec } = definition;
  const port = spec.port === undefined ? '' : `, port ${spec.port} (${spec.portEnv ?? 'PORT'})`;
  if (definition.source === 'existing') return { title: `Use Upkeep's own definition of "${spec.name}"`, files: [], commands: [], scope: 'user' };
  const env = spec.env ? `, env ${Object.keys(spec.env).join(' ')}` : '';
  const leftOut = definition.leftOut.length > 0 ? `; not copied: ${definition.leftOut.join(', ')}` : '';
  return {
    title: `Add "${spec.name}" to Upkeep: ${displayCommand(spec.command)}${spec.cwd ? ` in ${spec.cwd}` : ''}${port}${env}, restart ${spec.restart ?? 'always'}${leftOut}`,
    files: [paths.config],
    commands: [],
    scope: 'user',
  };
}

export function buildPlan(input: PlanInput, ctx: HandlerContext): TakeoverPlan {
  const { service, existing, findings } = input;
  const blockers: string[] = [];
  const steps: PlanStep[] = [];
  if (findings.length === 0) blockers.push(`no rival of "${service}" was found (upkeep doctor ${service} shows what was looked at)`);

  const user = findings.filter((finding) => finding.scope === 'user');
  const system = findings.filter((finding) => finding.scope === 'system');
  for (const finding of system) {
    blockers.push(`${finding.kind} (${viaOf(finding.locator)}) is system-wide: Upkeep does not change it; run the commands shown yourself, then take over again`);
    steps.push({ title: `Retire ${finding.kind} (${finding.evidence}) yourself`, files: [], commands: finding.commands, scope: 'system' });
  }

  const edited = user.filter((finding) => EDITS_FILES.has(finding.kind)).flatMap((finding) => handlerFor(finding.kind).steps(finding.locator as never, finding, ctx).flatMap((step) => step.files));
  if (edited.length > 0) {
    steps.push({ title: `Back up each file before it is edited, to ${ctx.paths.backupsDir}/${service}/ (mode 0600)`, files: edited, commands: [], scope: 'user' });
  }
  for (const finding of user) {
    steps.push(...handlerFor(finding.kind).steps(finding.locator as never, finding, ctx));
    if (finding.copyPid !== null) {
      steps.push({ title: `Stop the copy it left running (pid ${finding.copyPid}), if it still runs`, files: [], commands: [`kill -TERM ${finding.copyPid}`], scope: 'user' });
    }
  }

  let definition: TakeoverPlan['definition'] = null;
  if (existing) {
    definition = { source: 'existing', spec: existing, leftOut: [] };
  } else {
    const source = user.find((finding) => finding.definition !== null) ?? findings.find((finding) => finding.definition !== null);
    if (source?.definition) definition = { source: 'import', spec: importedSpec(service, source.definition), leftOut: [...(input.leftOut ?? [])] };
    else if (findings.length > 0) blockers.push(`Upkeep has no service "${service}" and the rival's definition cannot be read: add it first (upkeep add ${service} …), then take over`);
  }
  if (definition) {
    steps.push(definitionStep(definition, ctx.paths));
    const check = definition.spec.health ? 'its health check passes' : definition.spec.port !== undefined ? `port ${definition.spec.port} answers` : 'it keeps running';
    steps.push({ title: `Start "${service}" under Upkeep, then check: exactly one copy runs and ${check}; if not, put everything back`, files: [], commands: [], scope: 'user' });
  }
  steps.push({ title: `Record what was done, for upkeep takeover ${service} --undo (mode 0600)`, files: [ctx.paths.takeover(service)], commands: [], scope: 'user' });

  const plan = { service, direction: 'takeover' as const, findings: [...findings], definition, steps, blockers };
  return { ...plan, planId: planId(plan) };
}

export function buildUndoPlan(record: TakeoverRecord, ctx: HandlerContext): TakeoverPlan {
  const steps: PlanStep[] = [{ title: `Stop "${record.service}" under Upkeep`, files: [], commands: [], scope: 'user' }];
  for (const entry of [...record.retired].reverse()) steps.push(...undoStepsOf(entry, ctx));
  steps.push(
    record.specBefore === null
      ? { title: `Remove the definition of "${record.service}" that the takeover imported`, files: [ctx.paths.config], commands: [], scope: 'user' }
      : { title: `Keep Upkeep's definition of "${record.service}", set not to start by itself (autostart: false)`, files: [ctx.paths.config], commands: [], scope: 'user' },
    { title: 'Delete the takeover record', files: [ctx.paths.takeover(record.service)], commands: [], scope: 'user' },
  );
  const plan = { service: record.service, direction: 'undo' as const, findings: [], definition: null, steps, blockers: [] };
  return { ...plan, planId: planId(plan) };
}

export function undoStepsOf(entry: UndoEntry, ctx: HandlerContext): PlanStep[] {
  return handlerFor(entry.kind).undoSteps(entry as never, ctx);
}
