import type { Bridge, ServiceStatus } from '../../../app/api.ts';
import { formatBytes, formatClock, formatCpu, formatDuration, formatExit } from '../model/format.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { Feedback } from './Feedback.tsx';

/** The numbers of one service, as a definition list (label + value, readable by screen readers). */
export function ServiceFacts({ status, bridge, pending }: { status: ServiceStatus; bridge: Bridge; pending: PendingTracker }) {
  const moved = status.port !== null && status.configuredPort !== null && status.port !== status.configuredPort;
  const resetKey = `${status.name}:port:reset`;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Health</dt>
          <dd className={`health-${status.health}`} title={status.healthDetail?.summary}>
            {status.spec.health ? status.health : 'no check'}
            {status.healthDetail?.httpStatus != null ? <span className="muted"> · HTTP {status.healthDetail.httpStatus}</span> : null}
          </dd>
        </div>
        <div>
          <dt>PID</dt>
          <dd>{status.pid ?? '—'}{status.adopted ? <span className="muted"> adopted</span> : null}</dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd>
            {status.port ?? '—'}
            {moved ? <span className="muted"> (configured {status.configuredPort})</span> : null}
          </dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>{formatDuration(status.uptimeMs)}</dd>
        </div>
        <div>
          <dt>Restarts</dt>
          <dd title="starts after a crash, a failed health check, a limit or a restart">{status.restarts}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd title="starts after a clean exit: relaunch, trigger or schedule">{status.runs}</dd>
        </div>
        {status.waitingFor ? (
          <div>
            <dt>Waiting for</dt>
            <dd className="fact-waiting">{status.waitingFor.detail.replace(/^waiting for /, '')}</dd>
          </div>
        ) : null}
        <div>
          <dt>Last exit</dt>
          <dd title={status.lastExit ? formatClock(status.lastExit.at) : undefined}>{formatExit(status.lastExit)}</dd>
        </div>
        <div>
          <dt>CPU</dt>
          <dd>{formatCpu(status.cpu)}</dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd>
            {formatBytes(status.memory)}
            {status.processes !== null && status.processes > 1 ? <span className="muted"> · {status.processes} processes</span> : null}
          </dd>
        </div>
      </dl>
      {moved ? (
        <div className="inline-note">
          <span>
            Moved to port {status.port}; the definition says {status.configuredPort}.
          </span>
          <button
            type="button"
            className="button small"
            disabled={pending.isPending(resetKey)}
            onClick={() => void pending.run(resetKey, () => bridge.setPort({ name: status.name, reset: true }))}
          >
            Back to {status.configuredPort}
          </button>
          <Feedback pending={pending} at={resetKey} />
        </div>
      ) : null}
    </>
  );
}
