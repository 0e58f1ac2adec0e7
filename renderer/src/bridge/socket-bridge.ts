/**
 * The Bridge over the dashboard's WebSocket, for the renderer in a browser.
 * Calls wait (bounded) while the socket (re)connects; the socket reconnects
 * with capped exponential backoff and replays the last `subscribe`, so a
 * server restart or a sleeping laptop heals by itself.
 */
import { METHOD_NAMES } from '../../../app/shared/methods.ts';
import { BridgeError } from './bridge-error.ts';
import { parseServerFrame } from './frames.ts';
import type { Bridge, EventName, Events, MethodName, Params, Results } from '../../../app/api.ts';
import type { Connection, ConnectionState } from './connection.ts';

/** More calls than this in flight means something is stuck; refuse instead of queueing forever. */
const MAX_PENDING = 256;
const CALL_TIMEOUT_MS = 30_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

interface Pending {
  method: MethodName;
  frame: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: BridgeError): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface SocketBridge {
  bridge: Bridge;
  connection: Connection;
  /** Stops reconnecting and fails what is pending (tests; a page simply unloads). */
  close(): void;
}

export function createSocketBridge(url: string): SocketBridge {
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(data: never) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = FIRST_RETRY_MS;
  let lastSubscribe: Params<'subscribe'> | null = null;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect(): void {
    setState(state === 'open' ? 'reconnecting' : state);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = FIRST_RETRY_MS;
      // Events stop with the old socket: ask for them again before anything else.
      if (lastSubscribe) ws.send(JSON.stringify({ id: 0, method: 'subscribe', params: lastSubscribe }));
      for (const call of pending.values()) {
        if (!call.sent) {
          ws.send(call.frame);
          call.sent = true;
        }
      }
      setState('open');
    };
    // A failed connect is followed by close, which retries; nothing to add here.
    ws.onerror = () => {};
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data === 'string') handleFrame(message.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A call already sent may or may not have run; say so instead of silently re-sending it.
      for (const [id, call] of pending) {
        if (call.sent) settle(id, new BridgeError('unavailable', 'the connection to Upkeep was lost before an answer came; check the result and try again'));
      }
      if (closed) return;
      setState(state === 'connecting' ? 'connecting' : 'reconnecting');
      const delay = retryMs * (0.8 + Math.random() * 0.4);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      retryTimer = setTimeout(connect, delay);
    };
  }

  function handleFrame(text: string): void {
    const frame = parseServerFrame(text);
    if (frame === null) return;
    if (frame.kind === 'event') {
      for (const listener of listeners.get(frame.event) ?? []) (listener as (data: unknown) => void)(frame.data);
      return;
    }
    if (typeof frame.id !== 'number') return;
    if (frame.kind === 'error') settle(frame.id, new BridgeError(frame.error.code, frame.error.message, frame.error.fields ?? []));
    else settle(frame.id, undefined, frame.result);
  }

  function settle(id: number, error: BridgeError | undefined, result?: unknown): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
  }

  function call<M extends MethodName>(method: M, params: Params<M>): Promise<Results[M]> {
    if (closed) return Promise.reject(new BridgeError('unavailable', 'the connection to Upkeep is closed'));
    if (method === 'subscribe') lastSubscribe = params as Params<'subscribe'>;
    if (pending.size >= MAX_PENDING) {
      return Promise.reject(new BridgeError('unavailable', 'too many calls waiting for Upkeep; try again in a moment'));
    }
    const id = nextId++;
    const frame = JSON.stringify({ id, method, params });
    return new Promise<Results[M]>((resolve, reject) => {
      const timer = setTimeout(
        () => settle(id, new BridgeError('unavailable', `Upkeep did not answer ${method} within ${CALL_TIMEOUT_MS / 1000} s`)),
        CALL_TIMEOUT_MS,
      );
      const entry: Pending = { method, frame, sent: false, resolve: resolve as (v: unknown) => void, reject, timer };
      pending.set(id, entry);
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(frame);
        entry.sent = true;
      }
    });
  }

  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, (params: unknown) => call(method, params as never)]),
  ) as unknown as Omit<Bridge, 'on'>;

  const bridge: Bridge = {
    ...methods,
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (data: never) => void);
      return () => set.delete(listener as (data: never) => void);
    },
  };

  const connection: Connection = {
    state: () => state,
    onChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };

  connect();
  return {
    bridge,
    connection,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      for (const id of [...pending.keys()]) settle(id, new BridgeError('unavailable', 'the connection to Upkeep is closed'));
    },
  };
}
