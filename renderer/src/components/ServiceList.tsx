import type { ReactNode } from 'react';
import type { Bridge, ServiceStatus } from '../../../app/api.ts';
import { failingText } from '../../../app/shared/health-text.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { useHistory } from '../hooks/use-history.ts';
import { useNow } from '../hooks/use-now.ts';
import { AvailabilityStrip } from './AvailabilityStrip.tsx';
import { formatBytes, formatCpu, formatDuration, formatExit } from '../model/format.ts';
import { StateBadge } from './StateBadge.tsx';
import { stateText } from '../../../app/shared/waiting-text.ts';

interface Props {
  services: ServiceStatus[];
  selected: string | null;
  onSelect(name: string): void;
  bridge: Bridge;
  connection: ConnectionState;
}

const DAY = 86_400_000;

/** The last 24 hours at a glance, inside the row (hover titles; the detail's strip is the keyboard one). */
function RowStrip({ name, bridge, connection }: { name: string; bridge: Bridge; connection: ConnectionState }) {
  const { entries } = useHistory(bridge, name, DAY, connection);
  const now = useNow(60_000);
  if (entries === null) return null;
  return <AvailabilityStrip entries={entries} spanMs={DAY} spanWords="24 hours" now={now} compact />;
}

function PortText({ status }: { status: ServiceStatus }) {
  if (status.port === null) return null;
  const moved = status.configuredPort !== null && status.configuredPort !== status.port;
  return (
    <span className={moved ? 'moved' : undefined} title={moved ? `configured ${status.configuredPort}` : undefined}>
      :{status.port}
      {moved ? <span className="muted"> (was {status.configuredPort})</span> : null}
    </span>
  );
}

function Row({ status, selected, onSelect, bridge, connection }: { status: ServiceStatus; selected: boolean; onSelect(name: string): void; bridge: Bridge; connection: ConnectionState }) {
  const facts: Array<[string, ReactNode]> = [];
  if (status.pid !== null) facts.push(['pid', `pid ${status.pid}`]);
  else if (status.state === 'waiting' || status.state === 'stopped') facts.push(['pid', 'not running']);
  if (status.port !== null) facts.push(['port', <PortText status={status} />]);
  facts.push(['uptime', status.uptimeMs === null ? '' : `up ${formatDuration(status.uptimeMs)}`]);
  if (status.waitingFor) facts.push(['waiting', stateText(status)]);
  if (status.restarts > 0) facts.push(['restarts', `${status.restarts} restart${status.restarts === 1 ? '' : 's'}`]);
  if (status.runs > 0) facts.push(['runs', `${status.runs} run${status.runs === 1 ? '' : 's'}`]);
  const reasonShown = status.state === 'failed' || status.state === 'backoff';
  if (status.lastExit && !reasonShown) facts.push(['exit', formatExit(status.lastExit)]);
  if (status.cpu !== null) facts.push(['cpu', `${formatCpu(status.cpu)} CPU`]);
  if (status.memory !== null) facts.push(['memory', formatBytes(status.memory)]);
  return (
    <li>
      <button
        type="button"
        className="row"
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(status.name)}
        data-service={status.name}
      >
        <span className="row-line">
          <span className="row-name">{status.name}</span>
          {status.health !== 'unknown' && status.state === 'running' ? (
            <span className={`health health-${status.health}`} title={status.healthDetail?.summary}>
              {status.health}
            </span>
          ) : null}
          <StateBadge status={status} />
        </span>
        <span className="row-meta">
          {facts
            .filter(([, v]) => v !== '')
            .map(([key, value]) => (
              <span key={key} className={`fact fact-${key}`}>
                {value}
              </span>
            ))}
        </span>
        {status.state === 'running' && status.health === 'unhealthy' && status.healthDetail ? (
          <span className="row-health-why">{failingText(status.healthDetail)}</span>
        ) : null}
        <RowStrip name={status.name} bridge={bridge} connection={connection} />
        {status.problem?.kind === 'port-conflict' ? (
          <span className="row-problem">Port {status.problem.port} is taken</span>
        ) : status.state === 'failed' || status.state === 'backoff' ? (
          <span className="row-problem">{status.reason}</span>
        ) : null}
      </button>
    </li>
  );
}

export function ServiceList({ services, selected, onSelect, bridge, connection }: Props) {
  return (
    <nav className="list-pane" aria-label="Services">
      {services.length === 0 ? (
        <p className="empty">No services. Add one to have Upkeep keep it running.</p>
      ) : (
        <ul className="service-list">
          {services.map((s) => (
            <Row key={s.name} status={s} selected={s.name === selected} onSelect={onSelect} bridge={bridge} connection={connection} />
          ))}
        </ul>
      )}
    </nav>
  );
}
