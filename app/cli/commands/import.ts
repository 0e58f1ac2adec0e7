/**
 * `upkeep import FILE|pm2 [--dry-run]`: reads another supervisor's
 * definitions with the same parsers as detection, prints what it would add,
 * and adds them all or nothing: a name that is taken or a setting Upkeep
 * cannot carry over adds nothing.
 */
import { readConfig } from '../../config/store.ts';
import { ServiceSpec, describeIssues, type ServiceSpecType } from '../../api.ts';
import { readSource } from '../../import/sources.ts';
import { displayCommand } from '../../os/command-line.ts';
import type { ParsedDefinition } from '../../rivals/parse/parsed.ts';
import { importedSpec } from '../../takeover/plan.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { tryEngine, withClient } from '../engine-link.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { formatTable } from '../output.ts';

export async function importCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, { 'dry-run': { type: 'boolean' } }, { min: 1, max: 1, names: 'a file (or "pm2")' });
  const source = positionals[0] as string;
  let found: ParsedDefinition[];
  try {
    found = await readSource(source, ctx.env);
  } catch (error) {
    if ((error as Error).name === 'DefinitionFileError') throw new UsageError(`${(error as Error).message}; nothing was added`);
    throw error;
  }
  if (found.length === 0) throw new UsageError(`${source}: no service definitions in it; nothing was added`);

  const specs = found.map((parsed) => toSpec(parsed));
  ctx.out(
    formatTable(
      ['NAME', 'COMMAND', 'CWD', 'PORT', 'RESTART', 'FROM'],
      specs.map((spec, i) => [
        { text: spec.name },
        { text: displayCommand(spec.command) },
        { text: spec.cwd ?? '-' },
        { text: spec.port === undefined ? '-' : `${spec.port}${spec.portEnv ? ` (${spec.portEnv})` : ''}` },
        { text: spec.restart ?? 'always' },
        { text: `${found[i]?.from.entry}` },
      ]),
      ctx.palette,
    ).join('\n'),
  );
  for (const parsed of found) if (parsed.leftOut.length > 0) ctx.err(`upkeep: ${parsed.from.entry}: not copied (add them yourself if needed): ${parsed.leftOut.join(', ')}`);

  const problems = found.flatMap((parsed) => parsed.unsupported.map((field) => `${parsed.from.file}: ${parsed.from.entry}: ${field} is not supported by Upkeep`));
  const client = await tryEngine(ctx);
  const existing = client ? (await client.call('list', { copies: false })).services.map((s) => s.name) : existingNames(ctx);
  const names = specs.map((spec) => spec.name);
  for (const name of names) {
    if (existing.includes(name)) problems.push(`a service named "${name}" exists already`);
    if (names.indexOf(name) !== names.lastIndexOf(name)) problems.push(`"${name}" appears twice`);
  }
  if (problems.length > 0) {
    client?.close();
    throw new UsageError(`${[...new Set(problems)].join('; ')}; nothing was added`);
  }
  if (values['dry-run']) {
    client?.close();
    ctx.out('(dry run: nothing was added)');
    return EXIT_OK;
  }
  if (client) {
    await withClient(client, async (c) => {
      for (const spec of specs) ctx.out((await c.call('addService', { spec })).steps.join('\n'));
    });
  } else {
    const { addServiceToConfig } = await import('../../config/store.ts');
    for (const spec of specs) addServiceToConfig(ctx.paths, spec);
    ctx.out(`added ${specs.length} service(s) to ${ctx.paths.config}; they start with the next engine ("upkeep daemon", or the app)`);
  }
  ctx.out('If the old supervisor still runs them: upkeep takeover NAME');
  return EXIT_OK;
}

function toSpec(parsed: ParsedDefinition): ServiceSpecType {
  const checked = ServiceSpec.safeParse(importedSpec(parsed.definition.name, parsed.definition));
  if (!checked.success) throw new UsageError(`${parsed.from.file}: ${parsed.from.entry}: ${describeIssues(checked.error)}; nothing was added`);
  return checked.data;
}

function existingNames(ctx: CliContext): string[] {
  const config = readConfig(ctx.paths);
  if (!config.ok) throw new UsageError(`${config.error}; nothing was added`);
  return (config.config.services ?? []).map((service) => service.name);
}
