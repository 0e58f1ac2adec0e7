/**
 * Add or edit a service. The engine's schema judges the definition; its
 * per-field issues come back in `fields` and are shown beside each field.
 */
import { useId, useState, type ReactNode } from 'react';
import type { Bridge, ServiceSpecType } from '../../../app/api.ts';
import { asBridgeError } from '../bridge/bridge-error.ts';
import {
  EMPTY_FORM,
  errorsFromIssues,
  specFromValues,
  valuesFromSpec,
  type FieldErrors,
  type FieldName,
  type FormValues,
} from '../model/service-form.ts';

interface Props {
  bridge: Bridge;
  /** Editing this spec; absent = a new service. */
  spec?: ServiceSpecType;
  onDone(name: string | null): void;
}

export function ServiceForm({ bridge, spec, onDone }: Props) {
  const editing = spec !== undefined;
  const [values, setValues] = useState<FormValues>(() => (spec ? valuesFromSpec(spec) : EMPTY_FORM));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const id = useId();

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]): void => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const built = specFromValues(values, spec);
    if (Object.keys(built.errors).length > 0) {
      setErrors(built.errors);
      return;
    }
    setSaving(true);
    try {
      if (editing) await bridge.updateService({ spec: built.spec });
      else await bridge.addService({ spec: built.spec });
      onDone(built.spec.name);
    } catch (error) {
      const e = asBridgeError(error);
      setErrors(errorsFromIssues(e.fields, e.message));
    } finally {
      setSaving(false);
    }
  }

  async function remove(): Promise<void> {
    if (!spec) return;
    setSaving(true);
    try {
      await bridge.removeService({ name: spec.name });
      onDone(null);
    } catch (error) {
      setErrors({ form: asBridgeError(error).message });
      setSaving(false);
    }
  }

  const field = (name: FieldName, label: string, input: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode, hint?: string): ReactNode => {
    const inputId = `${id}-${name}`;
    const error = errors[name];
    const describedBy = [error ? `${inputId}-error` : '', hint ? `${inputId}-hint` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`field ${error ? 'has-error' : ''}`} data-field={name}>
        <label htmlFor={inputId}>{label}</label>
        {input({ id: inputId, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
        {hint ? (
          <p className="hint" id={`${inputId}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="field-error" id={`${inputId}-error`} role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form className="service-form" onSubmit={(e) => void submit(e)} noValidate aria-label={editing ? `Edit ${spec.name}` : 'New service'}>
      {editing ? null : <h2>New service</h2>}
      <div className="form-grid">
        {field('name', 'Name', (p) => (
          <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} disabled={editing} autoComplete="off" spellCheck={false} placeholder="webhooks" />
        ), editing ? 'The name identifies the service and its files; remove and add again to rename.' : 'a–z, 0–9, dot, dash, underscore.')}
        {field('command', 'Command', (p) => (
          <input {...p} className="mono" value={values.command} onChange={(e) => set('command', e.target.value)} autoComplete="off" spellCheck={false} placeholder="node server.mjs --port {port}" />
        ), values.shell ? 'One shell line.' : 'Run without a shell; quote words with spaces. {port} is the current port.')}
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={values.shell} onChange={(e) => set('shell', e.target.checked)} /> Run through a shell
          </label>
        </div>
        {field('cwd', 'Working folder', (p) => (
          <input {...p} className="mono" value={values.cwd} onChange={(e) => set('cwd', e.target.value)} autoComplete="off" spellCheck={false} placeholder="/home/me/project" />
        ))}
        <div className="field-row">
          {field('port', 'Port', (p) => (
            <input {...p} inputMode="numeric" value={values.port} onChange={(e) => set('port', e.target.value)} autoComplete="off" placeholder="none" />
          ))}
          {field('portEnv', 'Port variable', (p) => (
            <input {...p} className="mono" value={values.portEnv} onChange={(e) => set('portEnv', e.target.value)} autoComplete="off" spellCheck={false} placeholder="PORT" />
          ))}
        </div>
        {field('env', 'Environment', (p) => (
          <textarea {...p} className="mono" rows={3} value={values.env} onChange={(e) => set('env', e.target.value)} spellCheck={false} placeholder="KEY=value, one per line" />
        ))}
        <div className="field-row">
          {field('restart', 'Restart', (p) => (
            <select {...p} value={values.restart} onChange={(e) => set('restart', e.target.value as FormValues['restart'])}>
              <option value="always">Always</option>
              <option value="on-failure">On failure</option>
              <option value="never">Never</option>
            </select>
          ))}
          {field('healthKind', 'Health check', (p) => (
            <select {...p} value={values.healthKind} onChange={(e) => set('healthKind', e.target.value as FormValues['healthKind'])}>
              <option value="none">None (process alive)</option>
              <option value="tcp">Port accepts connections</option>
              <option value="http">HTTP request</option>
              <option value="exec">Command succeeds</option>
            </select>
          ))}
        </div>
        {values.healthKind === 'http' ? (
          <>
            {field('healthUrl', 'Health URL', (p) => (
              <input {...p} className="mono" value={values.healthUrl} onChange={(e) => set('healthUrl', e.target.value)} spellCheck={false} />
            ))}
            <div className="field-row">
              {field('healthJsonPath', 'JSON field', (p) => (
                <input {...p} className="mono" value={values.healthJsonPath} onChange={(e) => set('healthJsonPath', e.target.value)} spellCheck={false} placeholder="overall_status" />
              ))}
              {field('healthJsonEquals', 'Equals', (p) => (
                <input {...p} className="mono" value={values.healthJsonEquals} onChange={(e) => set('healthJsonEquals', e.target.value)} spellCheck={false} placeholder="operational" />
              ))}
            </div>
          </>
        ) : null}
        {values.healthKind === 'exec'
          ? field('healthCommand', 'Check command', (p) => (
              <input {...p} className="mono" value={values.healthCommand} onChange={(e) => set('healthCommand', e.target.value)} spellCheck={false} placeholder="curl -fsS http://127.0.0.1:{port}/" />
            ))
          : null}
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={values.autostart} onChange={(e) => set('autostart', e.target.checked)} /> Start automatically
          </label>
        </div>
      </div>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add service'}
        </button>
        <button type="button" className="button" onClick={() => onDone(spec?.name ?? null)} disabled={saving}>
          Cancel
        </button>
        {editing ? (
          confirmRemove ? (
            <span className="confirm" role="group" aria-label="Confirm removal">
              <span>Stop and remove {spec.name}?</span>
              <button type="button" className="button danger" onClick={() => void remove()} disabled={saving}>
                Remove
              </button>
              <button type="button" className="button" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="button danger-quiet push-right" onClick={() => setConfirmRemove(true)} disabled={saving}>
              Remove service…
            </button>
          )
        ) : null}
      </div>
    </form>
  );
}
