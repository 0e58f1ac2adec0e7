import type { ReactNode } from 'react';
import type { ServiceStatus } from '../../../app/api.ts';
import { formatBytes, formatCpu, formatDuration, formatExit } from '../model/format.ts';
import { StateBadge } from './StateBadge.tsx';
import { stateText } from '../../../app/shared/waiting-text.ts';

interface Props {
  services: ServiceStatus[];
  selected: string | null;
  onSelect(name: string): void;
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

function Row({ status, selected, onSelect }: { status: ServiceStatus; selected: boolean; onSelect(name: string): void }) {
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
            <span className={`health health-${status.health}`}>{status.health}</span>
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
        {status.problem?.kind === 'port-conflict' ? (
          <span className="row-problem">Port {status.problem.port} is taken</span>
        ) : status.state === 'failed' || status.state === 'backoff' ? (
          <span className="row-problem">{status.reason}</span>
        ) : null}
      </button>
    </li>
  );
}

export function ServiceList({ services, selected, onSelect }: Props) {
  return (
    <nav className="list-pane" aria-label="Services">
      {services.length === 0 ? (
        <p className="empty">No services. Add one to have Upkeep keep it running.</p>
      ) : (
        <ul className="service-list">
          {services.map((s) => (
            <Row key={s.name} status={s} selected={s.name === selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </nav>
  );
}
