/**
 * The add/edit form's values ⇄ a service definition, and the server's
 * per-field issues (`spec.port`, `spec.health.url`, …) mapped to form fields.
 * The engine's schema is the judge; the form only catches what it cannot send.
 */
import type { FieldIssue, ServiceSpecType } from '../../../app/api.ts';
import { joinCommandLine, splitCommandLine } from '../../../app/shared/command-line.ts';
import { asList, readJsonScalar } from '../../../app/shared/json-value.ts';

export type HealthKind = 'none' | 'tcp' | 'http' | 'exec';

export interface FormValues {
  name: string;
  command: string;
  shell: boolean;
  cwd: string;
  port: string;
  portEnv: string;
  env: string;
  restart: 'always' | 'on-failure' | 'never';
  autostart: boolean;
  healthKind: HealthKind;
  healthUrl: string;
  healthJsonPath: string;
  healthJsonEquals: string;
  healthCommand: string;
}

export type FieldName = keyof FormValues | 'form';
export type FieldErrors = Partial<Record<FieldName, string>>;

export const EMPTY_FORM: FormValues = {
  name: '',
  command: '',
  shell: false,
  cwd: '',
  port: '',
  portEnv: '',
  env: '',
  restart: 'always',
  autostart: true,
  healthKind: 'none',
  healthUrl: 'http://127.0.0.1:{port}/health',
  healthJsonPath: '',
  healthJsonEquals: '',
  healthCommand: '',
};

// The form edits the first JSON condition; the others (set in the file or by the CLI) are kept as they are.
export function valuesFromSpec(spec: ServiceSpecType): FormValues {
  const health = spec.health;
  const first = health?.kind === 'http' ? asList(health.json)[0] : undefined;
  return {
    name: spec.name,
    command: spec.shell ? (spec.command[0] ?? '') : joinCommandLine(spec.command),
    shell: spec.shell ?? false,
    cwd: spec.cwd ?? '',
    port: spec.port === undefined ? '' : String(spec.port),
    portEnv: spec.portEnv ?? '',
    env: Object.entries(spec.env ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    restart: spec.restart ?? 'always',
    autostart: spec.autostart ?? true,
    healthKind: health?.kind ?? 'none',
    healthUrl: health?.kind === 'http' ? health.url : EMPTY_FORM.healthUrl,
    healthJsonPath: first?.path ?? '',
    healthJsonEquals: first ? String(first.equals) : '',
    healthCommand: health?.kind === 'exec' ? joinCommandLine(health.command) : '',
  };
}


/**
 * Builds the spec to send. `base` (when editing) keeps the fields this form
 * does not show (envFile, venv, limits…). Returns client-side errors only for
 * what cannot be expressed at all (an unclosed quote, an env line without =).
 */
export function specFromValues(values: FormValues, base?: ServiceSpecType): { spec: ServiceSpecType; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let command: string[] = [];
  if (values.shell) {
    command = values.command.trim() === '' ? [] : [values.command.trim()];
  } else {
    const split = splitCommandLine(values.command);
    if (split.ok) command = split.argv;
    else errors.command = split.message;
  }

  const env: Record<string, string> = {};
  values.env.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) errors.env = `line ${index + 1}: write KEY=value`;
    else env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  });

  const spec: Record<string, unknown> = { ...(base ?? {}), name: values.name.trim(), command };
  const setOrDrop = (key: string, value: unknown): void => {
    if (value === undefined || value === '') delete spec[key];
    else spec[key] = value;
  };
  setOrDrop('shell', values.shell ? true : undefined);
  setOrDrop('cwd', values.cwd.trim());
  // A port that is not a number is still sent, so the engine's own message shows beside the field.
  const port = values.port.trim();
  setOrDrop('port', port === '' ? undefined : /^\d+$/.test(port) ? Number(port) : port);
  setOrDrop('portEnv', values.portEnv.trim());
  setOrDrop('env', Object.keys(env).length > 0 ? env : undefined);
  spec.restart = values.restart;
  spec.autostart = values.autostart;

  const common = base?.health ? pickCommon(base.health) : {};
  if (values.healthKind === 'none') delete spec.health;
  else if (values.healthKind === 'tcp') spec.health = { kind: 'tcp', ...common };
  else if (values.healthKind === 'http') {
    const edited = values.healthJsonPath.trim() === '' ? [] : [{ path: values.healthJsonPath.trim(), equals: readJsonScalar(values.healthJsonEquals.trim()) }];
    const rest = base?.health?.kind === 'http' ? asList(base.health.json).slice(1) : [];
    const conditions = [...edited, ...rest];
    const json = conditions.length === 0 ? undefined : conditions.length === 1 ? conditions[0] : conditions;
    spec.health = { kind: 'http', url: values.healthUrl.trim(), ...(json ? { json } : {}), ...common };
  } else {
    const split = splitCommandLine(values.healthCommand);
    if (!split.ok) errors.healthCommand = split.message;
    spec.health = { kind: 'exec', command: split.ok ? split.argv : [], ...common };
  }
  return { spec: spec as ServiceSpecType, errors };
}

function pickCommon(health: NonNullable<ServiceSpecType['health']>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ['intervalMs', 'timeoutMs', 'startGraceMs', 'failureThreshold'] as const) {
    const value = health[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const FIELD_OF_PATH: Array<[RegExp, FieldName]> = [
  [/^name$/, 'name'],
  [/^command(\.|$)/, 'command'],
  [/^shell$/, 'shell'],
  [/^cwd$/, 'cwd'],
  [/^(port|assignedPort)$/, 'port'],
  [/^portEnv$/, 'portEnv'],
  [/^env(\.|$)/, 'env'],
  [/^restart$/, 'restart'],
  [/^autostart$/, 'autostart'],
  [/^health\.url$/, 'healthUrl'],
  [/^health\.json\.path$/, 'healthJsonPath'],
  [/^health\.json(\.|$)/, 'healthJsonEquals'],
  [/^health\.command(\.|$)/, 'healthCommand'],
  [/^health(\.|$)/, 'healthKind'],
];

/** The server's issues, each beside its field; the rest under the form. */
export function errorsFromIssues(issues: readonly FieldIssue[], fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.replace(/^spec\.?/, '');
    const field = FIELD_OF_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? 'form';
    const message = field === 'form' && path !== '' ? `${path}: ${issue.message}` : issue.message;
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  }
  if (Object.keys(errors).length === 0) errors.form = fallback;
  return errors;
}
