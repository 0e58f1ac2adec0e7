/**
 * The list of services as the engine sees it: loaded with `list`, kept fresh
 * by `service`/`removed` events, and re-read every few seconds while visible
 * (for CPU/memory, and to heal anything an event gap missed).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bridge, EngineInfo, ServiceStatus } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { asBridgeError } from '../bridge/bridge-error.ts';

const METRICS_REFRESH_MS = 3_000;

export interface ServicesView {
  engine: EngineInfo | null;
  services: ServiceStatus[];
  loaded: boolean;
  loadError: string | null;
  refresh(): Promise<void>;
}

/** An event carries no metrics; keep the last sample while the same process runs. */
function mergeStatus(previous: ServiceStatus | undefined, next: ServiceStatus): ServiceStatus {
  if (!previous || next.cpu !== null || previous.pid !== next.pid || next.pid === null) return next;
  return { ...next, cpu: previous.cpu, memory: previous.memory, processes: previous.processes };
}

export function useServices(bridge: Bridge, connection: ConnectionState, visible: boolean): ServicesView {
  const [engine, setEngine] = useState<EngineInfo | null>(null);
  const [services, setServices] = useState<ServiceStatus[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const visibleRef = useRef(visible);
  visibleRef.current = visible;

  const refresh = useCallback(async () => {
    try {
      const result = await bridge.list({ metrics: visibleRef.current });
      setEngine(result.engine);
      setServices(result.services);
      setLoaded(true);
      setLoadError(null);
    } catch (error) {
      setLoadError(asBridgeError(error).message);
    }
  }, [bridge]);

  useEffect(() => {
    const offService = bridge.on('service', ({ status }) => {
      setServices((current) => {
        const index = current.findIndex((s) => s.name === status.name);
        if (index === -1) return [...current, status];
        const next = current.slice();
        next[index] = mergeStatus(current[index], status);
        return next;
      });
    });
    const offRemoved = bridge.on('removed', ({ name }) => setServices((current) => current.filter((s) => s.name !== name)));
    // A notice may come with a change to the engine's own state (config.json turned invalid, or valid again).
    const offNotice = bridge.on('notice', () => void refresh());
    return () => {
      offService();
      offRemoved();
      offNotice();
    };
  }, [bridge, refresh]);

  // Load on start and again after every reconnect (events sent while away are lost).
  useEffect(() => {
    if (connection === 'open') void refresh();
  }, [connection, refresh]);

  useEffect(() => {
    if (!visible || connection !== 'open') return;
    const timer = setInterval(() => void refresh(), METRICS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [visible, connection, refresh]);

  return { engine, services, loaded, loadError, refresh };
}
