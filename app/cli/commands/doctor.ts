/**
 * `upkeep doctor [NAME] [--json]`: who else starts or restarts these
 * services (PM2, supervisord, systemd, launchd, cron, watchdog scripts).
 * Asks the running engine; with none, looks itself (detection only reads).
 * Exit 0 with or without findings; what could not be read goes to stderr.
 */
import type { DoctorResult, Finding } from '../../api.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { formatTable } from '../output.ts';
import { serviceNameArgument } from '../service-args.ts';

export async function doctor(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('doctor', args, { json: { type: 'boolean' } }, { min: 0, max: 1, names: '' });
  const name = positionals[0] === undefined ? undefined : serviceNameArgument(positionals[0]);
  const client = await tryEngine(ctx);
  const result = client ? await withClient(client, (c) => c.call('doctor', name === undefined ? {} : { name })) : await offline(ctx, name);
  for (const note of result.notes) ctx.err(`upkeep: note: ${note}`);
  if (values.json) ctx.out(JSON.stringify(result.findings, null, 2));
  else ctx.out(formatFindings(result.findings, ctx).join('\n'));
  return EXIT_OK;
}

async function offline(ctx: CliContext, name: string | undefined): Promise<DoctorResult> {
  const [{ readConfig }, { readVerifiedRecords }, { resolveCwd }, { detectRivals }, { rivalSeams }] = await Promise.all([
    import('../../config/store.ts'),
    import('../../registry/records.ts'),
    import('../../runs/launch-env.ts'),
    import('../../rivals/detect.ts'),
    import('../../rivals/rival-watch.ts'),
  ]);
  const config = readConfig(ctx.paths);
  if (!config.ok) throw new Error(config.error);
  const specs = (config.config.services ?? []).filter((spec) => name === undefined || spec.name === name);
  if (name !== undefined && specs.length === 0) throw new UsageError(`unknown service "${name}"`);
  const seams = rivalSeams(undefined, ctx.env);
  if (!seams) return { findings: [], notes: ['rival detection is off (UPKEEP_RIVALS=off)'] };
  const targets = specs.map((spec) => ({
    name: spec.name,
    command: spec.command,
    cwd: resolveCwd(spec, ctx.paths.dataDir),
    shell: spec.shell,
    port: spec.port ?? null,
  }));
  const detection = await detectRivals({ seams, targets, ownedRuns: readVerifiedRecords(ctx.paths).map((record) => record.pid) });
  return { findings: detection.findings, notes: ['no engine is running; looked from config.json', ...detection.notes] };
}

export function formatFindings(findings: readonly Finding[], ctx: CliContext): string[] {
  if (findings.length === 0) return ['No rivals found: nothing else starts these services.'];
  const rows = findings.map((f) => [
    { text: f.service },
    { text: f.kind },
    { text: f.pid === null ? '-' : String(f.pid) },
    { text: f.copyPid === null ? '-' : String(f.copyPid) },
    { text: f.respawns ? 'yes' : 'no', paint: f.respawns ? ctx.palette.red : undefined },
    { text: f.scope },
    { text: f.evidence },
  ]);
  const lines = formatTable(['SERVICE', 'RIVAL', 'PID', 'COPY', 'RESPAWNS', 'SCOPE', 'EVIDENCE'], rows, ctx.palette);
  lines.push('');
  for (const f of findings) {
    lines.push(`${ctx.palette.bold(f.service)} (${f.kind}): ${f.fix}`);
    if (f.scope === 'system') for (const command of f.commands) lines.push(`  run yourself: ${command}`);
  }
  const services = [...new Set(findings.filter((f) => f.scope === 'user').map((f) => f.service))];
  if (services.length > 0) lines.push('', ...services.map((s) => `To hand ${s} to Upkeep: upkeep takeover ${s}`));
  return lines;
}
