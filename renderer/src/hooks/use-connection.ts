import { useSyncExternalStore } from 'react';
import type { Connection, ConnectionState } from '../bridge/connection.ts';

export function useConnection(connection: Connection): ConnectionState {
  return useSyncExternalStore(connection.onChange, connection.state);
}
