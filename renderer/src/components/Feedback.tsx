import type { PendingTracker } from '../hooks/use-pending.ts';

/** The error (or Restore's steps) of one action, shown right where it was clicked. */
export function Feedback({ pending, at, className = '' }: { pending: PendingTracker; at: string; className?: string }) {
  const outcome = pending.outcome(at);
  if (!outcome) return null;
  return (
    <div className={`feedback ${outcome.error ? 'is-error' : 'is-info'} ${className}`} role={outcome.error ? 'alert' : 'status'}>
      {outcome.error ? (
        <p>{outcome.error}</p>
      ) : (
        <ol>
          {outcome.steps.map((step, i) => (
            <li key={i}>{step}</li>
          ))}
        </ol>
      )}
      <button type="button" className="link" onClick={() => pending.dismiss(at)} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
