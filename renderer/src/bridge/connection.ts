/** Whether the renderer can reach the engine right now (the IPC bridge is always `open`). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface Connection {
  state(): ConnectionState;
  onChange(listener: (state: ConnectionState) => void): () => void;
}

export const alwaysOpen: Connection = { state: () => 'open', onChange: () => () => {} };
