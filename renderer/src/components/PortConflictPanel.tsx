import type { Bridge, PortOwner, Problem } from '../../../app/api.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { Feedback } from './Feedback.tsx';

type Conflict = Extract<Problem, { kind: 'port-conflict' }>;

function describeOwner(owner: PortOwner, service: string): string {
  switch (owner.class) {
    case 'stale-copy':
      return `a stale copy of ${owner.service ?? service}`;
    case 'upkeep-service':
      return `the Upkeep service ${owner.service ?? '(another one)'}`;
    case 'supervised':
      return `a process run by ${owner.supervisor ?? 'another supervisor'}`;
    case 'stranger':
      return 'a process Upkeep did not start';
    case 'unknown':
      return 'a process Upkeep cannot identify';
  }
}

const CLASS_WORDS: Record<PortOwner['class'], string> = {
  'stale-copy': 'stale copy of this service',
  'upkeep-service': 'another Upkeep service',
  supervised: 'run by another supervisor',
  stranger: 'not started by Upkeep',
  unknown: 'unknown',
};

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
          <p>
            Held by <strong>{owner.command.split(/\s+/)[0]?.split('/').pop() ?? owner.command}</strong> (pid {owner.pid}),{' '}
            {describeOwner(owner, name)}.
          </p>
          <dl className="owner">
            <dt>PID</dt>
            <dd>{owner.pid}</dd>
            <dt>Command</dt>
            <dd>
              <code>{owner.command}</code>
            </dd>
            <dt>Kind</dt>
            <dd>{CLASS_WORDS[owner.class]}</dd>
            {owner.supervisor ? (
              <>
                <dt>Supervisor</dt>
                <dd>{owner.supervisor}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : (
        <p>Upkeep cannot tell which process holds it.</p>
      )}
      <div className="actions">
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
      {owner && owner.class !== 'stale-copy' ? (
        <p className="hint">Upkeep never stops a process it did not start without you: stop it yourself, or move {name} to another port.</p>
      ) : null}
      <Feedback pending={pending} at={`${key}:stop`} />
      <Feedback pending={pending} at={`${key}:move`} />
    </section>
  );
}
