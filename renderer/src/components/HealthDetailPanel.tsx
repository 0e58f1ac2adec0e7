import type { HealthDetail } from '../../../app/api.ts';
import { describeCondition, failingParts, showValue } from '../../../app/shared/health-text.ts';
import { formatClock } from '../model/format.ts';

/** What the last health check saw: the line, each condition, the body's components (the failing ones marked), the body. */
export function HealthDetailPanel({ detail }: { detail: HealthDetail }) {
  const components = Object.entries(detail.components);
  const looksDown = new Set(failingParts({ ...detail, ok: false, conditions: [] }));
  const facts = [
    detail.httpStatus === null ? null : `HTTP ${detail.httpStatus}`,
    detail.latencyMs === null ? null : `${detail.latencyMs} ms`,
    `checked ${formatClock(detail.at)}`,
  ].filter((fact) => fact !== null);
  return (
    <section className={`panel health-detail ${detail.ok ? 'passing' : 'failing'}`} aria-label="Last health check">
      <p className="health-summary">
        <strong>{detail.ok ? 'Check passing' : 'Check failing'}:</strong> <span className="mono">{detail.summary}</span>
        <span className="muted"> · {facts.join(' · ')}</span>
      </p>
      {detail.conditions.length > 0 ? (
        <ul className="health-conditions">
          {detail.conditions.map((condition) => (
            <li key={condition.path} className={condition.ok ? 'ok' : 'bad'}>
              <span aria-hidden="true">{condition.ok ? '✓' : '✕'}</span> <span className="mono">{describeCondition(condition)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {components.length > 0 ? (
        <dl className="health-components">
          {components.map(([key, value]) => {
            const down = looksDown.has(`${key} is ${showValue(value)}`);
            return (
              <div key={key} className={down ? 'bad' : undefined} title={down ? 'looks down' : undefined}>
                <dt className="mono">{key}</dt>
                <dd className="mono">{showValue(value)}</dd>
              </div>
            );
          })}
        </dl>
      ) : null}
      {detail.body ? (
        <details className="health-body">
          <summary>Response body</summary>
          <pre className="mono">{detail.body}</pre>
        </details>
      ) : null}
    </section>
  );
}
