import { useEffect, useRef } from 'react';
import type { TakeoverPlan } from '../../../app/api.ts';

interface Props {
  plan: TakeoverPlan;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** The plan, every step with its files and commands, before anything is done: Take over or Cancel. */
export function TakeoverDialog({ plan, busy, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  const undo = plan.direction === 'undo';
  const titleId = `takeover-${plan.service}-title`;
  return (
    <div className="dialog-backdrop">
      <section className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h3 id={titleId}>{undo ? `Hand ${plan.service} back?` : `Take over ${plan.service}?`}</h3>
        {plan.findings.map((finding, i) => (
          <p key={i} className="rival">
            <strong>{finding.kind}</strong> — {finding.evidence}
            {finding.respawns ? ' (starts it again by itself)' : ''}
          </p>
        ))}
        <ol className="plan-steps">
          {plan.steps.map((step, i) => (
            <li key={i} data-scope={step.scope}>
              <span className="step-title">
                {step.scope === 'system' ? <em>You: </em> : null}
                {step.title}
              </span>
              {step.files.map((file) => (
                <code key={`f${file}`} className="step-file">
                  {file}
                </code>
              ))}
              {step.commands.map((command) => (
                <code key={`c${command}`} className="step-command">
                  $ {command}
                </code>
              ))}
            </li>
          ))}
        </ol>
        {plan.blockers.map((blocker) => (
          <p key={blocker} className="blocker" role="alert">
            {blocker}
          </p>
        ))}
        <div className="actions">
          <button type="button" className="button primary" disabled={busy || plan.blockers.length > 0} onClick={onConfirm}>
            {busy ? (undo ? 'Handing back…' : 'Taking over…') : undo ? 'Hand back' : 'Take over'}
          </button>
          <button type="button" className="button" ref={cancel} disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </section>
    </div>
  );
}
