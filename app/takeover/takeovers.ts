/**
 * The engine's takeover desk: builds plans (changing nothing), carries one
 * out when the plan the person saw is still the plan, and undoes one from its
 * record. One at a time per service.
 */
import os from 'node:os';
import { ApiError, type ActionResult, type Params, type ServiceStatus } from '../api.ts';
import type { ServiceSpec } from '../config/schema.ts';
import type { DataPaths } from '../paths.ts';
import type { Finding } from '../rivals/finding.ts';
import { backupFile, backupText } from './backup.ts';
import type { EngineOps } from './engine-ops.ts';
import { executeTakeover } from './execute.ts';
import { buildPlan, buildUndoPlan } from './plan.ts';
import type { TakeoverPlan } from './plan-types.ts';
import { readTakeoverRecord } from './record.ts';
import { resolveFrom } from './resolve-from.ts';
import type { HandlerContext } from './rival-handler.ts';
import { commandRunner, type CommandRunner } from './run-command.ts';
import { undoTakeover } from './undo.ts';

export interface TakeoverSeams {
  /** Runs pm2, supervisorctl, crontab, systemctl, launchctl. */
  run?: CommandRunner;
  /** The rivals of a service (detection); none when not given. */
  findRivals?: (spec: ServiceSpec) => Promise<Finding[]>;
  /** Prefix for fixed system paths (/etc, /Library): '/' on a real machine. */
  root?: string;
  home?: string;
}

export interface TakeoversDeps {
  paths: DataPaths;
  env: NodeJS.ProcessEnv;
  ops: EngineOps;
  seams?: TakeoverSeams;
}

type Target = Pick<Params<'takeover'>, 'name' | 'from'>;

export class Takeovers {
  private readonly deps: TakeoversDeps;
  private readonly run: CommandRunner;
  private readonly busy = new Set<string>();

  constructor(deps: TakeoversDeps) {
    this.deps = deps;
    this.run = deps.seams?.run ?? commandRunner(deps.env);
  }

  private context(service: string, say: (line: string) => void = () => undefined): HandlerContext {
    const { paths } = this.deps;
    return {
      paths,
      service,
      run: this.run,
      env: this.deps.env,
      backup: (file) => backupFile(paths, service, file),
      backupText: (label, text) => backupText(paths, service, label, text),
      say,
    };
  }

  private async statusOf(name: string): Promise<ServiceStatus | undefined> {
    return (await this.deps.ops.list({})).services.find((service) => service.name === name);
  }

  async plan(params: Params<'takeoverPlan'>): Promise<TakeoverPlan> {
    if (params.undo) {
      const name = params.name;
      if (!name) throw new ApiError('bad-request', 'an undo needs the service name');
      const record = readTakeoverRecord(this.deps.paths, name);
      if (!record) throw new ApiError('not-found', `no takeover of "${name}" is recorded (in ${this.deps.paths.takeover(name)})`);
      return buildUndoPlan(record, this.context(name));
    }
    return this.takeoverPlan(params);
  }

  private async takeoverPlan(target: Target): Promise<TakeoverPlan> {
    if (target.from) {
      const { finding, leftOut } = await resolveFrom(target.from, {
        run: this.run,
        env: this.deps.env,
        root: this.deps.seams?.root ?? '/',
        home: this.deps.seams?.home ?? os.homedir(),
      });
      const service = target.name ?? finding.definition?.name ?? finding.service;
      const existing = (await this.statusOf(service))?.spec ?? null;
      return buildPlan({ service, existing, findings: [{ ...finding, service }], leftOut }, this.context(service));
    }
    const name = target.name as string;
    const status = await this.statusOf(name);
    if (!status) throw new ApiError('not-found', `no service named "${name}" (to take over something Upkeep has no definition for: upkeep takeover --from KIND:WHERE)`);
    const findings = (await this.deps.seams?.findRivals?.(status.spec)) ?? [];
    return buildPlan({ service: name, existing: status.spec, findings }, this.context(name));
  }

  async takeover(params: Params<'takeover'>): Promise<ActionResult> {
    const plan = await this.takeoverPlan(params);
    if (plan.planId !== params.planId) {
      throw new ApiError('conflict', 'the rival changed since the plan was shown; nothing was changed (look at the new plan)');
    }
    return this.exclusive(plan.service, async () => {
      const steps: string[] = [];
      await executeTakeover(plan, { ops: this.deps.ops, ctx: this.context(plan.service, (line) => steps.push(line)), defaultCwd: this.deps.paths.dataDir }, steps);
      const status = await this.statusOf(plan.service);
      return { steps, services: status ? [status] : [] };
    });
  }

  async undo({ name }: Params<'undoTakeover'>): Promise<ActionResult> {
    return this.exclusive(name, async () => {
      const steps = await undoTakeover(name, this.deps.ops, this.context(name));
      const status = await this.statusOf(name);
      return { steps, services: status ? [status] : [] };
    });
  }

  private async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.busy.has(name)) throw new ApiError('conflict', `a takeover of "${name}" is under way already`);
    this.busy.add(name);
    try {
      return await work();
    } finally {
      this.busy.delete(name);
    }
  }
}
