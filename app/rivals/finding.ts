/**
 * A rival: anything outside Upkeep that starts or restarts one of its
 * services (a PM2 app, a supervisord program, a systemd unit, a launchd
 * agent, a cron line, a watchdog script). Detection (`doctor`) produces
 * findings; the takeover reads them to plan what to retire and how to undo.
 * One schema owns the shape: the API, the CLI's `--json` and the window all
 * carry exactly this.
 */
import { z } from '../zod.ts';

export const RIVAL_KINDS = ['pm2', 'supervisord', 'systemd', 'launchd', 'cron', 'watchdog'] as const;
export const RivalKind = z.enum(RIVAL_KINDS);
export type RivalKind = z.infer<typeof RivalKind>;

/**
 * What a rival's own definition says about the service, as far as it can be
 * read: enough for Upkeep to import it. `env` holds only what the rival's
 * definition sets (never the launching shell's PATH, HOME or tokens).
 */
export const ForeignDefinition = z
  .object({
    /** A suggested Upkeep name (the pm2 app, the program, the unit, the plist label). */
    name: z.string().min(1),
    command: z.array(z.string()).min(1),
    cwd: z.string().min(1).nullable(),
    env: z.record(z.string(), z.string()),
    port: z.number().int().min(1).max(65535).nullable(),
    portEnv: z.string().nullable(),
    restart: z.enum(['always', 'on-failure', 'never']).nullable(),
  })
  .strict();
export type ForeignDefinition = z.infer<typeof ForeignDefinition>;

/**
 * Where the rival lives, precisely enough for a takeover to retire it and for
 * an undo to put back exactly that and nothing else.
 */
export const RivalLocator = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pm2'), pm2Home: z.string(), app: z.string(), pmId: z.number().int().nullable(), pm2Bin: z.string().nullable() }).strict(),
  z.object({ kind: z.literal('supervisord'), configFile: z.string(), program: z.string(), serverUrl: z.string().nullable() }).strict(),
  z.object({ kind: z.literal('systemd'), unit: z.string(), file: z.string().nullable(), user: z.boolean() }).strict(),
  z.object({ kind: z.literal('launchd'), plist: z.string(), label: z.string(), domain: z.string() }).strict(),
  z.object({ kind: z.literal('cron'), source: z.enum(['user', 'system']), file: z.string(), line: z.number().int().min(1), text: z.string() }).strict(),
  z.object({ kind: z.literal('watchdog'), pid: z.number().int(), startTime: z.string(), script: z.string().nullable() }).strict(),
]);
export type RivalLocator = z.infer<typeof RivalLocator>;

export const Finding = z
  .object({
    /** The Upkeep service it rivals; for `takeover --from` a suggested name. */
    service: z.string(),
    kind: RivalKind,
    /** The rival's own process (the watchdog, the supervisor daemon), or null when none runs. */
    pid: z.number().int().nullable(),
    /** The copy of the service that it runs now, or null. */
    copyPid: z.number().int().nullable(),
    /** One line a person can check: app name + id + PM2_HOME, unit name, file:line, plist path. */
    evidence: z.string(),
    /** Whether it will start the service again (autorestart, Restart=, KeepAlive, a schedule, a loop). */
    respawns: z.boolean(),
    /** In words: what a takeover would do about it. */
    fix: z.string(),
    /** `user`: owned by the engine's user, a takeover may change it; `system`: shown as a command to run, never edited. */
    scope: z.enum(['user', 'system']),
    /** For `system` scope: the exact command(s) a person runs to retire it. */
    commands: z.array(z.string()),
    locator: RivalLocator,
    definition: ForeignDefinition.nullable(),
  })
  .strict();
export type Finding = z.infer<typeof Finding>;
