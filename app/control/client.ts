/**
 * The client side of the control socket, used by the `upkeep` CLI. Its import
 * graph is deliberately tiny (node:net and the framing; the API only as
 * types) because every CLI call pays for what it loads: a status round trip
 * must stay well under 100 ms.
 */
import net from 'node:net';
import type { EventName, Events, MethodName, Params, Results } from '../api.ts';
import { ApiError, type WireError } from '../shared/api-error.ts';
import { deadlineFor } from './deadlines.ts';
import { encodeFrame, FrameSplitter } from './frames.ts';

/** Replies can be far larger than requests (a `logs` call of 100 000 lines). */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

/** Nothing listens on the socket: no engine runs for this data dir. */
export class EngineNotRunningError extends Error {
  readonly socketPath: string;
  constructor(socketPath: string) {
    super(`no engine is running (nothing listens on ${socketPath})`);
    this.name = 'EngineNotRunningError';
    this.socketPath = socketPath;
  }
}

export interface CallOptions {
  /** Milliseconds to wait for the reply (null: no deadline); by default from deadlines.ts. */
  deadlineMs?: number | null;
  /** The longest stop timeout of the services the call may stop, for the default deadline. */
  stopTimeoutMs?: number;
}

export interface ControlClient {
  /** Rejects with an ApiError carrying the engine's code, message and field issues, or 'unavailable' past the deadline. */
  call<M extends MethodName>(method: M, params: Params<M>, options?: CallOptions): Promise<Results[M]>;
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
  close(): void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | null;
}

export async function connectControl(socketPath: string, options: { timeoutMs?: number } = {}): Promise<ControlClient> {
  const socket = await openSocket(socketPath, options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const splitter = new FrameSplitter(MAX_REPLY_BYTES);
  let nextId = 1;
  let closed = false;

  const failAll = (code: WireError['code'], message: string): void => {
    const waiting = [...pending.values()];
    pending.clear();
    if (waiting.length === 0) return;
    const error = toApiError({ code, message });
    for (const p of waiting) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    for (const frame of splitter.push(chunk)) {
      if (frame.kind === 'too-long') {
        failAll('internal', 'the engine sent a reply too large to read');
        continue;
      }
      let message: unknown;
      try {
        message = JSON.parse(frame.text);
      } catch {
        continue; // not ours to crash on; the matching call fails when the connection ends
      }
      if (typeof message !== 'object' || message === null) continue;
      const m = message as Record<string, unknown>;
      if (typeof m.event === 'string') {
        for (const listener of listeners.get(m.event) ?? []) listener(m.data);
        continue;
      }
      const waiting = typeof m.id === 'number' ? pending.get(m.id) : undefined;
      if (!waiting) continue;
      pending.delete(m.id as number);
      if (waiting.timer) clearTimeout(waiting.timer);
      if (isWireError(m.error)) waiting.reject(toApiError(m.error));
      else waiting.resolve(m.result);
    }
  });
  socket.on('error', () => {
    // 'close' follows and fails what is still waiting.
  });
  socket.on('close', () => {
    closed = true;
    failAll('unavailable', 'the engine closed the connection');
  });

  return {
    call<M extends MethodName>(method: M, params: Params<M>, options: CallOptions = {}): Promise<Results[M]> {
      if (closed) return Promise.reject(toApiError({ code: 'unavailable', message: 'connection closed' }));
      const id = nextId++;
      const deadline = options.deadlineMs !== undefined ? options.deadlineMs : deadlineFor(method, options.stopTimeoutMs);
      return new Promise<Results[M]>((resolve, reject) => {
        const timer =
          deadline === null
            ? null
            : setTimeout(() => {
                pending.delete(id);
                reject(toApiError({ code: 'unavailable', message: `the engine did not answer ${method} within ${formatSeconds(deadline)} (socket ${socketPath})` }));
              }, deadline);
        pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
        socket.write(encodeFrame({ id, method, params }));
      });
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (data: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    close() {
      closed = true;
      socket.end();
      socket.destroy();
    },
  };
}

function openSocket(socketPath: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the engine did not accept a connection on ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') reject(new EngineNotRunningError(socketPath));
      else reject(new Error(`cannot connect to the engine on ${socketPath}: ${error.message}`));
    });
  });
}

function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/** ApiError lives in a zod-free module, so the CLI's round trip never loads the schemas. */
function toApiError(wire: WireError): ApiError {
  return new ApiError(wire.code, wire.message, wire.fields ?? []);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
