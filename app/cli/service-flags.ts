/**
 * Every flag `add` and `edit` take, with its help line and the definition
 * field it sets: the one table that the argument parser, the help text, the
 * shell completion and `--clear` all read. No zod here, so `--help` stays light.
 */
import { PORT_CONFLICT_CHOICES, RESTART_POLICIES, STOP_SIGNALS } from '../config/choices.ts';

interface FlagInfo {
  /** What the value looks like in the help (`DIR`, `DURATION`); none for a switch. */
  value?: string;
  help: string;
  /** The definition field it sets, dotted (what `--clear` returns to its default). */
  field?: string;
  /** The values it takes, for completion. */
  choices?: readonly string[];
  /** Complete a directory or a file name for its value. */
  completes?: 'directory' | 'file';
  /** Only `edit` takes it. */
  editOnly?: true;
}

export const SERVICE_OPTIONS = {
  port: { type: 'string' },
  'port-env': { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'string', multiple: true },
  'unset-env': { type: 'string', multiple: true },
  'env-file': { type: 'string' },
  venv: { type: 'string' },
  shell: { type: 'boolean' },
  autostart: { type: 'boolean' },
  'no-autostart': { type: 'boolean' },
  restart: { type: 'string' },
  'max-restarts': { type: 'string' },
  health: { type: 'string' },
  'health-interval': { type: 'string' },
  'health-timeout': { type: 'string' },
  'health-grace': { type: 'string' },
  'health-threshold': { type: 'string' },
  'health-status': { type: 'string' },
  'health-json': { type: 'string', multiple: true },
  'on-port-conflict': { type: 'string' },
  'max-memory': { type: 'string' },
  'max-processes': { type: 'string' },
  'stop-signal': { type: 'string' },
  'stop-timeout': { type: 'string' },
  'relaunch-delay': { type: 'string' },
  'when-not-empty': { type: 'string' },
  'when-changed': { type: 'string', multiple: true },
  schedule: { type: 'string' },
  clear: { type: 'string', multiple: true },
} as const;

export type ServiceFlag = keyof typeof SERVICE_OPTIONS;

export const SERVICE_FLAGS: Record<ServiceFlag, FlagInfo> = {
  port: { value: 'N', help: 'the port it listens on (edit: also drops a reassigned port)', field: 'port' },
  'port-env': { value: 'VAR', help: 'the env var that carries the port (default PORT)', field: 'portEnv' },
  cwd: { value: 'DIR', help: 'working directory; other paths are made absolute against it (default: the current one)', field: 'cwd', completes: 'directory' },
  env: { value: 'K=V', help: 'set an environment variable (repeat for more)', field: 'env' },
  'unset-env': { value: 'K', help: 'remove an environment variable', editOnly: true },
  'env-file': { value: 'FILE', help: 'read KEY=VALUE lines from this file', field: 'envFile', completes: 'file' },
  venv: { value: 'DIR', help: 'a Python virtualenv to run in', field: 'venv', completes: 'directory' },
  shell: { help: 'run COMMAND as one shell line', field: 'shell' },
  autostart: { help: 'start it when the engine starts (the default)', field: 'autostart' },
  'no-autostart': { help: 'do not start it when the engine starts' },
  restart: { value: 'POLICY', help: 'always (default), on-failure or never (on-failure with --schedule)', field: 'restart', choices: RESTART_POLICIES },
  'max-restarts': { value: 'N', help: 'give up after N crashes in a row', field: 'maxRestarts' },
  health: { value: 'CHECK', help: 'http://HOST:{port}/PATH, tcp, or exec:COMMAND (split like a shell line)', field: 'health' },
  'health-interval': { value: 'DURATION', help: 'time between checks (default 5s)', field: 'health.intervalMs' },
  'health-timeout': { value: 'DURATION', help: 'how long one check may take (default 2s)', field: 'health.timeoutMs' },
  'health-grace': { value: 'DURATION', help: 'failures after a start that do not count (default 10s)', field: 'health.startGraceMs' },
  'health-threshold': { value: 'N', help: 'failures in a row that make it unhealthy (default 3)', field: 'health.failureThreshold' },
  'health-status': { value: 'CODE', help: 'the HTTP status a healthy answer has (default 200)', field: 'health.expectStatus' },
  'health-json': { value: 'PATH=VALUE', help: 'a JSON field the answer must hold; VALUE is JSON when it parses (repeat; edit replaces the list)', field: 'health.json' },
  'on-port-conflict': { value: 'WHAT', help: 'ask (default), reassign or stop-stale', field: 'onPortConflict', choices: PORT_CONFLICT_CHOICES },
  'max-memory': { value: 'SIZE', help: 'restart when the tree uses more: 500M or 2G (M = MiB, G = GiB)', field: 'maxMemory' },
  'max-processes': { value: 'N', help: 'flag the service when its tree has more processes', field: 'maxProcesses' },
  'stop-signal': { value: 'SIGNAL', help: 'the signal that stops it (default SIGTERM)', field: 'stopSignal', choices: STOP_SIGNALS },
  'stop-timeout': { value: 'DURATION', help: 'wait before SIGKILL (default 5s)', field: 'stopTimeoutMs' },
  'relaunch-delay': { value: 'DURATION', help: 'wait after a clean exit before it starts again (default 1s)', field: 'relaunch.delayMs' },
  'when-not-empty': { value: 'DIR', help: 'after a clean exit, start again once DIR holds a file', field: 'relaunch.whenNotEmpty', completes: 'directory' },
  'when-changed': { value: 'PATH', help: 'after a clean exit, start again when PATH changes (repeat)', field: 'relaunch.whenChanged', completes: 'file' },
  schedule: { value: 'CRON', help: 'start at these times: five cron fields, local time ("*/5 * * * *")', field: 'schedule' },
  clear: { value: 'FIELD', help: 'return a field to its default (a flag name such as health-json, or a field such as relaunch)', editOnly: true },
};

/** Durations are typed as `15s`, `2m` or `500ms`. */
export const DURATION_HINT = 'Durations: 500ms, 15s, 2m, 1h. Paths are made absolute against --cwd, or the current directory.';

export function serviceFlagLines(command: 'add' | 'edit'): string[] {
  const shown = (Object.keys(SERVICE_FLAGS) as ServiceFlag[]).filter((flag) => command === 'edit' || !SERVICE_FLAGS[flag].editOnly);
  const label = (flag: ServiceFlag): string => `--${flag}${SERVICE_FLAGS[flag].value ? ` ${SERVICE_FLAGS[flag].value}` : ''}`;
  const width = Math.max(...shown.map((flag) => label(flag).length));
  return [...shown.map((flag) => `${label(flag).padEnd(width)}  ${SERVICE_FLAGS[flag].help}`), DURATION_HINT];
}
