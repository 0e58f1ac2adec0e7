import { useEffect, useState } from 'react';

/** Where the tray's "Logs" item points: `#logs/<service>`. */
export interface LogsRoute {
  service: string;
  /** Bumped on every visit, so visiting the same hash again still reacts. */
  visit: number;
}

export function parseLogsHash(hash: string): string | null {
  const match = /^#logs\/([a-z0-9][a-z0-9._-]{0,63})$/.exec(hash);
  return match ? match[1]! : null;
}

/** The shell opens a service's logs by changing only the hash (no reload): follow it. */
export function useLogsRoute(): LogsRoute | null {
  const [route, setRoute] = useState<LogsRoute | null>(() => {
    const service = parseLogsHash(window.location.hash);
    return service ? { service, visit: 0 } : null;
  });
  useEffect(() => {
    const onHash = () => {
      const service = parseLogsHash(window.location.hash);
      if (service) setRoute((previous) => ({ service, visit: (previous?.visit ?? 0) + 1 }));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
