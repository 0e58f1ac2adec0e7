/**
 * Keeps an up-to-date `ListResult` from the engine's events, so the tray and
 * the notifications react to a change at once instead of polling `list()`.
 * Seeded by one `list()`; events that arrive while it runs are applied after.
 */
import type { EngineHandle, ListResult, ServiceStatus } from '../app/api.ts';
import { aggregateOf } from '../app/shared/tone.ts';

export interface ServiceFeed {
  current(): ListResult;
  stop(): void;
}

export type FeedListener = (list: ListResult, changed: ServiceStatus | null) => void;

export async function followServices(engine: EngineHandle, onChange: FeedListener): Promise<ServiceFeed> {
  let list: ListResult | null = null;
  const early: Array<() => void> = [];

  const apply = (change: (services: ServiceStatus[]) => ServiceStatus[], changed: ServiceStatus | null) => {
    if (!list) {
      early.push(() => apply(change, changed));
      return;
    }
    const services = change(list.services);
    list = { engine: engine.info(), aggregate: aggregateOf(services), services };
    onChange(list, changed);
  };

  const offService = engine.on('service', ({ status }) =>
    apply((services) => {
      const index = services.findIndex((s) => s.name === status.name);
      return index === -1 ? [...services, status] : services.map((s, i) => (i === index ? status : s));
    }, status),
  );
  const offRemoved = engine.on('removed', ({ name }) => apply((services) => services.filter((s) => s.name !== name), null));

  list = await engine.list({});
  onChange(list, null);
  for (const replay of early.splice(0)) replay();

  return {
    current: () => list!,
    stop() {
      offService();
      offRemoved();
    },
  };
}
