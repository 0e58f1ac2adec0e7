/**
 * `add` and `edit` flags applied to a definition. `add` starts from nothing,
 * `edit` from the current definition and changes only what it is given; the
 * caller validates the result against the ServiceSpec schema. Every bad value
 * is a UsageError of one line (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitCommandLine } from '../shared/command-line.ts';
import { readJsonScalar } from '../shared/json-value.ts';
import { durationArgument, portArgument, type Parsed } from './args.ts';
import { UsageError } from './errors.ts';
import { SERVICE_FLAGS, type ServiceFlag, type SERVICE_OPTIONS } from './service-flags.ts';

type Values = Parsed<typeof SERVICE_OPTIONS>['values'];
type Draft = Record<string, unknown>;

const MEBIBYTE = 1024 * 1024;
const SIZE_UNITS: Record<string, number> = { K: 1024, M: MEBIBYTE, G: 1024 * MEBIBYTE };

export interface FlagContext {
  mode: 'add' | 'edit';
  /** The directory relative paths are made absolute against (before --cwd is applied). */
  currentDir: string;
}

/** The draft with every given flag applied (a new object; the input is not changed). */
export function applyServiceFlags(current: Draft, values: Values, context: FlagContext): Draft {
  const spec = structuredClone(current);
  for (const field of values.clear ?? []) clearField(spec, field);

  const base = values.cwd === undefined ? context.currentDir : existingDirectory(path.resolve(context.currentDir, values.cwd));
  const absolute = (text: string): string => path.resolve(base, text);
  // Like PM2 and a shell: a relative command means relative to where `add` was typed.
  if (values.cwd !== undefined || context.mode === 'add') spec.cwd = base;

  if (values.port !== undefined) {
    spec.port = portArgument(values.port, '--port');
  }
  if (values['port-env'] !== undefined) spec.portEnv = values['port-env'];
  if (values.env !== undefined || values['unset-env'] !== undefined) {
    const env = { ...((spec.env as Record<string, string> | undefined) ?? {}), ...envPairs(values.env ?? []) };
    for (const key of values['unset-env'] ?? []) delete env[key];
    setOrDelete(spec, 'env', Object.keys(env).length > 0 ? env : undefined);
  }
  if (values['env-file'] !== undefined) spec.envFile = absolute(values['env-file']);
  if (values.venv !== undefined) spec.venv = absolute(values.venv);
  if (values.shell) spec.shell = true;
  if (values.autostart && values['no-autostart']) throw new UsageError('give --autostart or --no-autostart, not both');
  if (values.autostart) spec.autostart = true;
  if (values['no-autostart']) spec.autostart = false;
  if (values.restart !== undefined) spec.restart = values.restart;
  if (values['max-restarts'] !== undefined) spec.maxRestarts = wholeNumber(values['max-restarts'], '--max-restarts', 0);

  applyHealth(spec, values);

  if (values['on-port-conflict'] !== undefined) spec.onPortConflict = values['on-port-conflict'];
  if (values['max-memory'] !== undefined) spec.maxMemory = sizeArgument(values['max-memory']);
  if (values['max-processes'] !== undefined) spec.maxProcesses = wholeNumber(values['max-processes'], '--max-processes', 1);
  if (values['stop-signal'] !== undefined) spec.stopSignal = signalArgument(values['stop-signal']);
  if (values['stop-timeout'] !== undefined) spec.stopTimeoutMs = durationArgument(values['stop-timeout'], '--stop-timeout');

  const relaunch: Draft = { ...((spec.relaunch as Draft | undefined) ?? {}) };
  if (values['relaunch-delay'] !== undefined) relaunch.delayMs = durationArgument(values['relaunch-delay'], '--relaunch-delay');
  if (values['when-not-empty'] !== undefined) relaunch.whenNotEmpty = absolute(values['when-not-empty']);
  if (values['when-changed'] !== undefined) relaunch.whenChanged = values['when-changed'].map(absolute);
  setOrDelete(spec, 'relaunch', Object.keys(relaunch).length > 0 ? relaunch : undefined);
  if (values.schedule !== undefined) spec.schedule = values.schedule.trim();
  return spec;
}

function applyHealth(spec: Draft, values: Values): void {
  const previous = spec.health as Draft | undefined;
  if (values.health !== undefined) {
    // A new kind of check keeps the timings already set.
    const timings = Object.fromEntries(Object.entries(previous ?? {}).filter(([key]) => ['intervalMs', 'timeoutMs', 'startGraceMs', 'failureThreshold'].includes(key)));
    spec.health = { ...healthArgument(values.health), ...timings };
  }
  const health = spec.health as Draft | undefined;
  const given = (['health-interval', 'health-timeout', 'health-grace', 'health-threshold', 'health-status', 'health-json'] as const).filter((flag) => values[flag] !== undefined);
  if (given.length === 0) return;
  if (!health) throw new UsageError(`--${given[0]} needs a health check: add --health http://…, tcp or exec:COMMAND`);
  if (values['health-interval'] !== undefined) health.intervalMs = durationArgument(values['health-interval'], '--health-interval');
  if (values['health-timeout'] !== undefined) health.timeoutMs = durationArgument(values['health-timeout'], '--health-timeout');
  if (values['health-grace'] !== undefined) health.startGraceMs = durationArgument(values['health-grace'], '--health-grace');
  if (values['health-threshold'] !== undefined) health.failureThreshold = wholeNumber(values['health-threshold'], '--health-threshold', 1);
  const httpOnly = (['health-status', 'health-json'] as const).find((flag) => values[flag] !== undefined);
  if (httpOnly && health.kind !== 'http') throw new UsageError(`--${httpOnly} needs an http health check, not ${String(health.kind)}`);
  if (values['health-status'] !== undefined) health.expectStatus = wholeNumber(values['health-status'], '--health-status', 100);
  if (values['health-json'] !== undefined) {
    const checks = values['health-json'].map(jsonCheckArgument);
    health.json = checks.length === 1 ? checks[0] : checks;
  }
}

/** `http://…`, `https://…`, `tcp` or `exec:COMMAND`. */
export function healthArgument(text: string): Draft {
  if (/^https?:\/\//.test(text)) return { kind: 'http', url: text };
  if (text === 'tcp') return { kind: 'tcp' };
  if (text.startsWith('exec:')) {
    const split = splitCommandLine(text.slice('exec:'.length));
    if (!split.ok) throw new UsageError(`--health exec: ${split.message}`);
    if (split.argv.length === 0) throw new UsageError('--health exec: needs a command, e.g. exec:"curl -fsS http://127.0.0.1:{port}/"');
    return { kind: 'exec', command: split.argv };
  }
  throw new UsageError(`--health must be http://…, https://…, tcp or exec:COMMAND, not "${text}"`);
}

function jsonCheckArgument(text: string): Draft {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`--health-json needs PATH=VALUE, not "${text}"`);
  return { path: text.slice(0, equals), equals: readJsonScalar(text.slice(equals + 1)) };
}

/** `500M`, `2G`, `1.5G`, `512K`, or a number of bytes. */
export function sizeArgument(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMG])?i?B?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-memory must be a size such as 500M or 2G (M = MiB, G = GiB), not "${text}"`);
  const bytes = Math.round(Number(match[1]) * (match[2] ? (SIZE_UNITS[match[2].toUpperCase()] as number) : 1));
  if (bytes < 1) throw new UsageError(`--max-memory must be more than 0, not "${text}"`);
  return bytes;
}

function wholeNumber(text: string, what: string, min: number): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) throw new UsageError(`${what} must be a whole number of at least ${min}, not "${text}"`);
  return Number(text);
}

/** `TERM`, `sigterm` and `SIGTERM` all mean SIGTERM; the schema says which signals are allowed. */
function signalArgument(text: string): string {
  const upper = text.toUpperCase();
  return upper.startsWith('SIG') ? upper : `SIG${upper}`;
}

export function envPairs(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`--env needs KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return env;
}

function existingDirectory(absolute: string): string {
  if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cwd ${absolute}: no such directory`);
  }
  return absolute;
}

/** `--clear` takes a flag's name (`health-json`) or a field (`relaunch`, `health.intervalMs`). */
function clearField(spec: Draft, name: string): void {
  const bare = name.replace(/^--/, '');
  const known = (Object.keys(SERVICE_FLAGS) as ServiceFlag[]).map((flag) => SERVICE_FLAGS[flag].field).filter((field): field is string => field !== undefined);
  const field = SERVICE_FLAGS[bare as ServiceFlag]?.field ?? (bare === 'no-autostart' ? 'autostart' : bare);
  const topLevel = new Set(known.map((f) => f.split('.')[0]));
  if (!known.includes(field) && !topLevel.has(field)) {
    throw new UsageError(`--clear: unknown field "${name}"; use a flag name such as health-json, or one of ${[...topLevel].join(', ')}`);
  }
  const parts = field.split('.');
  const parent = parts.length === 1 ? spec : (spec[parts[0] as string] as Draft | undefined);
  if (!parent) return;
  delete parent[parts[parts.length - 1] as string];
  if (parts.length > 1 && parts[0] === 'relaunch' && Object.keys(parent).length === 0) delete spec.relaunch;
}

function setOrDelete(spec: Draft, key: string, value: unknown): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}
