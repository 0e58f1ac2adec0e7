import type { Aggregate, ServiceStatus } from '../../../app/api.ts';
import { needsRestore } from '../model/actions.ts';
import { AGGREGATE_WORDS } from '../model/tone.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { Feedback } from './Feedback.tsx';

export const RESTORE_ALL_KEY = 'all:restore';

interface Props {
  aggregate: Aggregate;
  services: ServiceStatus[];
  pending: PendingTracker;
  onRestoreAll(): void;
  onAdd(): void;
  onSettings(): void;
  view: 'service' | 'add' | 'settings';
}

function summary(services: ServiceStatus[]): string {
  if (services.length === 0) return 'No services yet';
  const running = services.filter((s) => s.state === 'running' || s.state === 'waiting').length;
  const broken = services.filter((s) => s.state === 'failed' || s.state === 'backoff' || s.state === 'blocked').length;
  const parts = [`${running} of ${services.length} up`];
  if (broken > 0) parts.push(`${broken} down`);
  return parts.join(' · ');
}

export function Header({ aggregate, services, pending, onRestoreAll, onAdd, onSettings, view }: Props) {
  const anythingToRestore = services.some(needsRestore);
  const restoring = pending.isPending(RESTORE_ALL_KEY);
  return (
    <header className="topbar">
      <div className="brand">
        <h1>Upkeep</h1>
        <span className={`aggregate tone-${aggregate}`} data-aggregate={aggregate} role="status" aria-label={`Overall: ${AGGREGATE_WORDS[aggregate]}`}>
          <span className="dot" aria-hidden="true" />
          {AGGREGATE_WORDS[aggregate]}
        </span>
        <span className="summary">{summary(services)}</span>
      </div>
      <div className="toolbar">
        <button type="button" className="button primary" onClick={onRestoreAll} disabled={!anythingToRestore || restoring} aria-busy={restoring}>
          {restoring ? 'Restoring…' : 'Restore all'}
        </button>
        <button type="button" className="button" onClick={onAdd} aria-pressed={view === 'add'}>
          Add service
        </button>
        <button type="button" className="button" onClick={onSettings} aria-pressed={view === 'settings'}>
          Settings
        </button>
      </div>
      <Feedback pending={pending} at={RESTORE_ALL_KEY} className="topbar-feedback" />
    </header>
  );
}
