/** Schemas for what lives in config.json: service definitions and settings. */
import { z } from '../zod.ts';
import { cronProblem } from './cron.ts';
import { PORT_CONFLICT_CHOICES, RESTART_POLICIES, STOP_SIGNALS } from './choices.ts';

export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const ServiceName = z
  .string()
  .regex(SERVICE_NAME_PATTERN, 'must be 1–64 of a-z 0-9 . _ - and start with a letter or digit');

export const Port = z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535');

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name');

const Signal = z.enum(STOP_SIGNALS);

const Duration = z.number().int().min(0).max(24 * 3600 * 1000);

const healthCommon = {
  intervalMs: Duration.min(100).optional(),
  timeoutMs: Duration.min(50).optional(),
  startGraceMs: Duration.optional(),
  failureThreshold: z.number().int().min(1).max(100).optional(),
};

export const JsonCheck = z
  .object({
    /** Dotted path into the JSON body: `components.ghost_runner`. */
    path: z.string().min(1),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'must be a string, a number, true, false or null' }),
  })
  .strict();

export type JsonCheck = z.infer<typeof JsonCheck>;

export const HealthCheck = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp'), ...healthCommon }).strict(),
  z
    .object({
      kind: z.literal('http'),
      /** `{port}` stands for the service's current port. */
      url: z.string().regex(/^https?:\/\//, 'must start with http:// or https://'),
      expectStatus: z.number().int().min(100).max(599).optional(),
      /** One condition, or several that must all hold. */
      json: z
        .union([JsonCheck, z.array(JsonCheck).min(1, 'needs at least one condition')], {
          error: 'must be one condition {"path", "equals"} or a list of them',
        })
        .optional(),
      ...healthCommon,
    })
    .strict(),
  z
    .object({ kind: z.literal('exec'), command: z.array(z.string()).min(1, 'needs a command'), ...healthCommon })
    .strict(),
]);
export type HealthCheck = z.infer<typeof HealthCheck>;

/** What starts a service again after a clean exit (launchd's QueueDirectories / WatchPaths). */
export const Relaunch = z
  .object({
    /** The wait after a clean exit when nothing else is set. */
    delayMs: Duration.optional(),
    /** Start again only once this folder holds a file (relative: to the service's cwd). */
    whenNotEmpty: z.string().min(1).optional(),
    /** Start again when any of these paths changes. */
    whenChanged: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type Relaunch = z.infer<typeof Relaunch>;

/** A five-field cron expression, in the machine's local time. */
export const Schedule = z.string().superRefine((text, ctx) => {
  const problem = cronProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const ServiceSpec = z
  .object({
    name: ServiceName,
    /** argv; run without a shell unless `shell` is true (then command[0] is a shell line). */
    command: z.array(z.string()).min(1, 'needs a command'),
    shell: z.boolean().optional(),
    cwd: z.string().min(1).optional(),
    env: z.record(EnvName, z.string()).optional(),
    envFile: z.string().min(1).optional(),
    venv: z.string().min(1).optional(),
    port: Port.optional(),
    portEnv: EnvName.optional(),
    restart: z.enum(RESTART_POLICIES).optional(),
    autostart: z.boolean().optional(),
    maxRestarts: z.number().int().min(0).optional(),
    stopSignal: Signal.optional(),
    stopTimeoutMs: Duration.optional(),
    health: HealthCheck.optional(),
    restartOnUnhealthy: z.boolean().optional(),
    onPortConflict: z.enum(PORT_CONFLICT_CHOICES).optional(),
    maxMemory: z.number().int().min(1).optional(),
    maxProcesses: z.number().int().min(1).optional(),
    relaunch: Relaunch.optional(),
    /** Start at these times; a clean exit waits for the next one. */
    schedule: Schedule.optional(),
  })
  .strict();
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const ConfigFile = z
  .object({
    schemaVersion: z.literal(1).optional(),
    services: z.array(ServiceSpec).optional(),
    /** Settings the engine owns (the shell keeps its own in electron-store). */
    settings: z.object({ examplesSeeded: z.boolean().optional() }).strict().optional(),
  })
  .passthrough()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.services?.forEach((service, index) => {
      if (seen.has(service.name)) {
        ctx.addIssue({ code: 'custom', path: ['services', index, 'name'], message: `duplicate name "${service.name}"` });
      }
      seen.add(service.name);
    });
  });
export type ConfigFile = z.infer<typeof ConfigFile>;
