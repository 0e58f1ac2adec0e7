import type { Bridge, ServiceStatus } from '../../../app/api.ts';
import { ACTION_WORDS, canRun, type ServiceAction } from '../model/actions.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { Feedback } from './Feedback.tsx';

const ORDER: ServiceAction[] = ['start', 'stop', 'restart', 'restore'];

export const actionKey = (name: string): string => `${name}:action`;

/** Start / Stop / Restart / Restore for one service; one action at a time, its error right below. */
export function ServiceActions({ status, bridge, pending }: { status: ServiceStatus; bridge: Bridge; pending: PendingTracker }) {
  const key = actionKey(status.name);
  const busy = ORDER.find((a) => pending.isPending(`${key}:${a}`));
  const run = (action: ServiceAction): void => {
    void pending.run(
      `${key}:${action}`,
      () => bridge[action]({ name: status.name }),
      (result) => (action === 'restore' ? result.steps : []),
    );
  };
  return (
    <div className="actions-block">
      <div className="actions" role="group" aria-label={`Actions for ${status.name}`}>
        {ORDER.map((action) => {
          const isBusy = busy === action;
          return (
            <button
              key={action}
              type="button"
              className={`button ${action === 'restore' && canRun('restore', status) ? 'primary' : ''}`}
              disabled={busy !== undefined || !canRun(action, status)}
              aria-busy={isBusy}
              onClick={() => run(action)}
            >
              {isBusy ? ACTION_WORDS[action].pending : ACTION_WORDS[action].label}
            </button>
          );
        })}
      </div>
      {ORDER.map((action) => (
        <Feedback key={action} pending={pending} at={`${key}:${action}`} />
      ))}
    </div>
  );
}
