/**
 * One PM2 app, as an ecosystem file declares it or as `pm2 jlist` and
 * dump.pm2 store it (pm2_env), turned into a ForeignDefinition. PM2 merges
 * the launching shell's environment into every app, so the env goes through
 * definitionEnv(); the port comes from the variable that carries it.
 */
import path from 'node:path';
import { z } from '../../zod.ts';
import { definitionEnv } from './env-filter.ts';
import { DefinitionFileError, portOf, type ParsedDefinition } from './parsed.ts';
import { suggestedName } from './service-name.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const Words = z.union([z.string(), z.array(z.string())]);

/** The fields both shapes share, loosely: anything else an app holds is ignored unless listed as unsupported. */
export const Pm2App = z
  .object({
    name: z.string().min(1).optional(),
    script: z.string().min(1).optional(),
    pm_exec_path: z.string().min(1).optional(),
    args: Words.optional(),
    interpreter: z.string().optional(),
    exec_interpreter: z.string().optional(),
    interpreter_args: Words.optional(),
    node_args: Words.optional(),
    cwd: z.string().optional(),
    pm_cwd: z.string().optional(),
    env: z.record(z.string(), z.unknown()).optional(),
    autorestart: z.boolean().optional(),
    exec_mode: z.string().optional(),
    instances: Scalar.optional(),
    cron_restart: Scalar.optional(),
    watch: z.union([z.boolean(), z.array(z.string()), z.string()]).optional(),
    uid: Scalar.optional(),
    user: Scalar.optional(),
    pm_id: z.number().int().optional(),
  })
  .passthrough();
export type Pm2App = z.infer<typeof Pm2App>;

function words(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

function unsupportedOf(app: Pm2App): string[] {
  const found: string[] = [];
  if (app.exec_mode !== undefined && /cluster/.test(app.exec_mode)) found.push(`exec_mode ${app.exec_mode}`);
  if (app.instances !== undefined && Number(app.instances) !== 1) found.push(`instances ${String(app.instances)}`);
  if (app.cron_restart !== undefined && app.cron_restart !== '' && app.cron_restart !== false) found.push(`cron_restart ${String(app.cron_restart)}`);
  if (app.watch === true || (Array.isArray(app.watch) && app.watch.length > 0) || (typeof app.watch === 'string' && app.watch !== '')) found.push('watch');
  const user = app.uid ?? app.user;
  if (user !== undefined && user !== '') found.push(`user ${String(user)}`);
  return found;
}

function commandOf(app: Pm2App, script: string): string[] {
  const interpreter = app.exec_interpreter ?? app.interpreter ?? (script.endsWith('.js') || script.endsWith('.cjs') || script.endsWith('.mjs') ? 'node' : 'none');
  const args = words(app.args);
  if (interpreter === 'none' || interpreter === '') return [script, ...args];
  const interpreterArgs = interpreter === 'node' ? [...words(app.node_args), ...words(app.interpreter_args)] : words(app.interpreter_args);
  return [interpreter, ...interpreterArgs, script, ...args];
}

/**
 * `file` is where the app was read (an ecosystem file, dump.pm2, or
 * `pm2 jlist` with that PM2_HOME); `baseDir` resolves a relative script/cwd.
 * `inherited` is the environment the service would get from Upkeep anyway.
 */
export function parsePm2App(
  raw: unknown,
  where: { file: string; index: number; baseDir: string },
  inherited: Readonly<Record<string, string | undefined>> = {},
): ParsedDefinition {
  const parsed = Pm2App.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DefinitionFileError(where.file, `app ${where.index}: ${issue ? `${issue.path.join('.') || 'app'}: ${issue.message}` : 'not an app'}`);
  }
  const app = parsed.data;
  const script = app.pm_exec_path ?? app.script;
  if (!script) throw new DefinitionFileError(where.file, `app ${where.index}${app.name ? ` (${app.name})` : ''}: script: is missing`);
  const cwd = path.resolve(where.baseDir, app.pm_cwd ?? app.cwd ?? '.');
  const command = commandOf(app, path.isAbsolute(script) ? script : path.resolve(cwd, script));
  const rawName = app.name ?? path.basename(script).replace(/\.[^.]+$/, '');
  // dump.pm2 and jlist also spread the env over the app object itself; `env` holds the same keys.
  const { env, leftOut } = definitionEnv(app.env ?? {}, inherited);
  const { port, portEnv } = portOf(env, command);
  return {
    definition: {
      name: suggestedName(rawName),
      command,
      cwd,
      env,
      port,
      portEnv,
      restart: app.autorestart === false ? 'never' : 'always',
    },
    from: { file: where.file, entry: rawName, line: null },
    respawns: app.autorestart !== false,
    startsAtBoot: true,
    unsupported: unsupportedOf(app),
    leftOut,
  };
}
