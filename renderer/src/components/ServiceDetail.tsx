import { useEffect, useState } from 'react';
import type { Bridge, Problem, ServiceStatus } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { joinCommandLine } from '../../../app/shared/command-line.ts';
import { describeRival } from '../../../app/shared/rival-text.ts';
import { AvailabilityPanel } from './AvailabilityPanel.tsx';
import { HistoryList } from './HistoryList.tsx';
import { Sparklines } from './Sparklines.tsx';
import { LogViewer } from './LogViewer.tsx';
import { PortConflictPanel } from './PortConflictPanel.tsx';
import { ServiceActions } from './ServiceActions.tsx';
import { HealthDetailPanel } from './HealthDetailPanel.tsx';
import { ServiceFacts } from './ServiceFacts.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { StateBadge } from './StateBadge.tsx';
import { Tabs } from './Tabs.tsx';
import { TakeOverButton } from './TakeOverButton.tsx';

type TabKey = 'logs' | 'history' | 'edit';
const TABS = [
  { key: 'logs' as const, label: 'Logs' },
  { key: 'history' as const, label: 'History' },
  { key: 'edit' as const, label: 'Edit' },
];

function problemText(problem: Exclude<Problem, { kind: 'port-conflict' }>): string {
  switch (problem.kind) {
    case 'too-many-processes':
      return `${problem.processes} processes in its tree (the limit is ${problem.limit}): something keeps forking.`;
    case 'rival':
      return `Another supervisor runs it: ${describeRival(problem.finding)}.`;
    default:
      return problem.message;
  }
}

interface Props {
  status: ServiceStatus;
  bridge: Bridge;
  connection: ConnectionState;
  pending: PendingTracker;
  onRemoved(): void;
  /** Changes each time the tray asks for this service's logs. */
  logsVisit?: number | null;
}

export function ServiceDetail({ status, bridge, connection, pending, onRemoved, logsVisit = null }: Props) {
  const [tab, setTab] = useState<TabKey>('logs');
  useEffect(() => {
    if (logsVisit !== null) setTab('logs');
  }, [logsVisit]);
  const { problem } = status;
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-head">
        <div className="detail-title">
          <h2 id="detail-title">{status.name}</h2>
          <StateBadge status={status} />
        </div>
        {/* The conflict panel below says it better than the one-line reason. */}
        {problem?.kind === 'port-conflict' ? null : <p className="reason">{status.reason}</p>}
        <p className="command mono" title={status.spec.cwd ? `in ${status.spec.cwd}` : undefined}>
          {status.spec.shell ? status.spec.command[0] : joinCommandLine(status.spec.command)}
        </p>
        <ServiceActions status={status} bridge={bridge} pending={pending} />
      </header>

      {problem?.kind === 'port-conflict' ? <PortConflictPanel name={status.name} conflict={problem} bridge={bridge} pending={pending} /> : null}
      {problem && problem.kind !== 'port-conflict' ? (
        <div className="panel warning" role="alert">
          <p>{problemText(problem)}</p>
          {problem.kind === 'rival' ? (
            <div className="actions">
              <TakeOverButton name={status.name} bridge={bridge} pending={pending} />
            </div>
          ) : null}
        </div>
      ) : null}
      {status.duplicates.length > 0 ? (
        <div className="panel warning">
          <p>
            {status.duplicates.length === 1 ? 'A stray copy' : `${status.duplicates.length} stray copies`} of this command run outside Upkeep:{' '}
            {status.duplicates.map((d) => `pid ${d.pid}`).join(', ')}. Restore stops them.
          </p>
        </div>
      ) : null}

      <ServiceFacts status={status} bridge={bridge} pending={pending} />
      {status.spec.health && status.healthDetail ? <HealthDetailPanel detail={status.healthDetail} /> : null}

      <div className="glances">
        <AvailabilityPanel name={status.name} bridge={bridge} connection={connection} />
        <Sparklines name={status.name} bridge={bridge} connection={connection} />
      </div>

      <Tabs<TabKey> tabs={TABS} active={tab} onChange={setTab}>
        {tab === 'logs' ? <LogViewer name={status.name} bridge={bridge} connection={connection} /> : null}
        {tab === 'history' ? <HistoryList name={status.name} bridge={bridge} connection={connection} /> : null}
        {tab === 'edit' ? (
          <ServiceForm
            key={status.name}
            bridge={bridge}
            spec={status.spec}
            onDone={(name) => {
              if (name === null) onRemoved();
              else setTab('logs');
            }}
          />
        ) : null}
      </Tabs>
    </article>
  );
}
