import { useEffect } from 'react';
import type { Bridge } from '../../../app/api.ts';

/**
 * One `subscribe` per change of what the window shows: service events always,
 * the selected service's log, metrics only while visible. A new subscribe
 * replaces the previous one on the server.
 */
export function useSubscription(bridge: Bridge, logs: string[], metrics: boolean, onError: (message: string) => void): void {
  const key = logs.join('\n');
  useEffect(() => {
    bridge.subscribe({ services: true, logs: key === '' ? [] : key.split('\n'), metrics }).catch((error: unknown) => {
      onError(error instanceof Error ? error.message : String(error));
    });
  }, [bridge, key, metrics, onError]);
}
