import type { Bridge, Problem } from '../../../app/api.ts';
import { describeClass, programOf, supervisorText } from '../../../app/shared/port-owner.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { Feedback } from './Feedback.tsx';
import { TakeOverButton } from './TakeOverButton.tsx';

type Conflict = Extract<Problem, { kind: 'port-conflict' }>;

/** Who holds the port and the two ways out: stop a stale copy of ours, or move to a free port. */
export function PortConflictPanel({ name, conflict, bridge, pending }: { name: string; conflict: Conflict; bridge: Bridge; pending: PendingTracker }) {
  const key = `${name}:port`;
  const busy = pending.isPending(`${key}:stop`) || pending.isPending(`${key}:move`);
  const { owner, nextFreePort, port } = conflict;
  return (
    <section className="panel conflict" aria-labelledby={`${name}-conflict-title`}>
      <h3 id={`${name}-conflict-title`}>Port {port} is taken</h3>
      {owner ? (
        <>
          {owner.class === 'supervised' ? (
            <p>
              Held by <strong>{supervisorText(owner)}</strong>: {programOf(owner.command)}, pid {owner.pid}. It starts it again when it stops, so
              Upkeep does not stop it; take the service over instead.
            </p>
          ) : (
            <p>
              Held by <strong>{programOf(owner.command)}</strong> (pid {owner.pid}), {describeClass(owner, name)}.
            </p>
          )}
          <dl className="owner">
            <dt>PID</dt>
            <dd>{owner.pid}</dd>
            <dt>Command</dt>
            <dd>
              <code>{owner.command}</code>
            </dd>
            <dt>Kind</dt>
            <dd>{describeClass(owner, name)}</dd>
            {owner.supervisor ? (
              <>
                <dt>Supervisor</dt>
                <dd>{supervisorText(owner)}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : (
        <p>Upkeep cannot tell which process holds it.</p>
      )}
      <div className="actions">
        {owner?.class === 'supervised' ? <TakeOverButton name={name} bridge={bridge} pending={pending} /> : null}
        {owner?.class === 'stale-copy' ? (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void pending.run(`${key}:stop`, () => bridge.stopPortOwner({ name }), (r) => r.steps)}
          >
            {pending.isPending(`${key}:stop`) ? 'Stopping…' : 'Stop it'}
          </button>
        ) : null}
        {nextFreePort !== null ? (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => void pending.run(`${key}:move`, () => bridge.setPort({ name, port: nextFreePort }))}
          >
            {pending.isPending(`${key}:move`) ? 'Moving…' : `Use ${nextFreePort}`}
          </button>
        ) : (
          <button type="button" className="button primary" disabled={busy} onClick={() => void pending.run(`${key}:move`, () => bridge.setPort({ name, auto: true }))}>
            Use a free port
          </button>
        )}
      </div>
      {owner && owner.class !== 'stale-copy' && owner.class !== 'supervised' ? (
        <p className="hint">Upkeep never stops a process it did not start without you: stop it yourself, or move {name} to another port.</p>
      ) : null}
      <Feedback pending={pending} at={`${key}:stop`} />
      <Feedback pending={pending} at={`${key}:move`} />
    </section>
  );
}
