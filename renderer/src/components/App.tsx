import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Client } from '../bridge/pick-bridge.ts';
import { useConnection } from '../hooks/use-connection.ts';
import { usePending } from '../hooks/use-pending.ts';
import { useServices } from '../hooks/use-services.ts';
import { useSubscription } from '../hooks/use-subscription.ts';
import { useVisible } from '../hooks/use-visible.ts';
import { useLogsRoute } from '../hooks/use-hash-route.ts';
import { aggregateOf } from '../model/tone.ts';
import { Header, RESTORE_ALL_KEY } from './Header.tsx';
import { Notices } from './Notices.tsx';
import { ServiceDetail } from './ServiceDetail.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { ServiceList } from './ServiceList.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';

type View = 'service' | 'add' | 'settings';

export function App({ client }: { client: Client }) {
  const { bridge } = client;
  const connection = useConnection(client.connection);
  const visible = useVisible();
  const { engine, services, loaded, loadError } = useServices(bridge, connection, visible);
  const pending = usePending();
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState<View>('service');
  const [subscribeError, setSubscribeError] = useState<string | null>(null);

  // Keep a selection while there are services: the first one, or the next one after a removal.
  useEffect(() => {
    if (services.length === 0) setSelected(null);
    else if (selected === null || !services.some((s) => s.name === selected)) setSelected(services[0]!.name);
  }, [services, selected]);

  // The tray's "Logs" item: select that service and show its logs.
  const logsRoute = useLogsRoute();
  useEffect(() => {
    if (!logsRoute) return;
    setSelected(logsRoute.service);
    setView('service');
  }, [logsRoute]);

  const status = services.find((s) => s.name === selected) ?? null;
  const followed = useMemo(() => (view === 'service' && selected ? [selected] : []), [view, selected]);
  useSubscription(bridge, followed, visible, useCallback((message: string) => setSubscribeError(message), []));

  const aggregate = aggregateOf(services);
  useEffect(() => {
    document.title = `Upkeep — ${aggregate}`;
  }, [aggregate]);

  return (
    <div className="app">
      <Header
        aggregate={aggregate}
        services={services}
        pending={pending}
        view={view}
        onRestoreAll={() => void pending.run(RESTORE_ALL_KEY, () => bridge.restore({ name: 'all' }), (r) => r.steps)}
        onAdd={() => setView((v) => (v === 'add' ? 'service' : 'add'))}
        onSettings={() => setView((v) => (v === 'settings' ? 'service' : 'settings'))}
      />
      {connection !== 'open' ? (
        <p className="banner banner-warn" role="status">
          {connection === 'connecting' ? 'Connecting to Upkeep…' : 'Lost the connection to Upkeep. Reconnecting…'}
          {client.where === 'browser' ? ' If `upkeep serve` was restarted, open the new URL it printed (the token changes).' : ''}
        </p>
      ) : null}
      {engine?.configError ? (
        <p className="banner banner-error" role="alert">
          config.json has an error, so it was left as it is and not applied; services keep their last good definitions. {engine.configError}
        </p>
      ) : null}
      {loadError ? (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      ) : null}
      {subscribeError ? (
        <p className="banner banner-warn" role="alert">
          Live updates are off: {subscribeError}
        </p>
      ) : null}
      <main className="layout">
        <ServiceList
          services={services}
          selected={view === 'service' ? selected : null}
          bridge={bridge}
          connection={connection}
          onSelect={(name) => {
            setSelected(name);
            setView('service');
          }}
        />
        <div className="detail-pane">
          {view === 'add' ? (
            <ServiceForm
              bridge={bridge}
              onDone={(name) => {
                if (name) setSelected(name);
                setView('service');
              }}
            />
          ) : view === 'settings' ? (
            <SettingsPanel bridge={bridge} />
          ) : status ? (
            <ServiceDetail
              key={status.name}
              logsVisit={logsRoute?.service === status.name ? logsRoute.visit : null}
              status={status}
              bridge={bridge} connection={connection} pending={pending} onRemoved={() => setSelected(null)} />
          ) : loaded ? (
            <div className="empty-detail">
              <h2>Nothing to watch yet</h2>
              <p>Add a service — a web server, a worker, a script — and Upkeep keeps it running, restarts it when it crashes, and shows its logs here.</p>
              <button type="button" className="button primary" onClick={() => setView('add')}>
                Add service
              </button>
            </div>
          ) : (
            <p className="muted pad">Loading…</p>
          )}
        </div>
      </main>
      <Notices bridge={bridge} backlog={engine?.notices} />
    </div>
  );
}
