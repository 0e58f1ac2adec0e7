/**
 * Raw connections for fuzzing the transports: bytes go out as they are, and
 * every reply frame comes back parsed, one at a time, with a deadline. Works
 * for the control socket (newline-delimited JSON) and the dashboard WebSocket.
 */
import net from 'node:net';
import WebSocket from 'ws';

export type Reply = Record<string, unknown>;

export interface RawConnection {
  send(data: Buffer | string): void;
  /** The next frame the server sends (rejects on timeout, or if the connection closes first). */
  next(timeoutMs?: number): Promise<Reply>;
  /** Resolves with how the connection ended (`code` only for WebSocket). */
  closed: Promise<{ code?: number }>;
  close(): void;
}

function queue(): { push(reply: Reply): void; end(why: string): void; next(timeoutMs: number): Promise<Reply> } {
  const replies: Reply[] = [];
  const waiting: Array<(reply: Reply | Error) => void> = [];
  let ended: string | null = null;
  return {
    push(reply) {
      const waiter = waiting.shift();
      if (waiter) waiter(reply);
      else replies.push(reply);
    },
    end(why) {
      ended = why;
      for (const waiter of waiting.splice(0)) waiter(new Error(why));
    },
    next(timeoutMs) {
      const ready = replies.shift();
      if (ready) return Promise.resolve(ready);
      if (ended) return Promise.reject(new Error(ended));
      return new Promise((resolve, reject) => {
        const settle = (value: Reply | Error): void => {
          clearTimeout(timer);
          if (value instanceof Error) reject(value);
          else resolve(value);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(settle), 1);
          reject(new Error(`no reply within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(settle);
      });
    },
  };
}

function parse(text: string): Reply {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Reply) : { unparsable: text };
  } catch {
    return { unparsable: text };
  }
}

export async function rawControl(socketPath: string): Promise<RawConnection> {
  const socket = net.connect(socketPath);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const replies = queue();
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      replies.push(parse(buffer.slice(0, newline)));
      buffer = buffer.slice(newline + 1);
    }
  });
  socket.on('error', () => undefined);
  const closed = new Promise<{ code?: number }>((resolve) =>
    socket.once('close', () => {
      replies.end('the connection closed');
      resolve({});
    }),
  );
  return {
    send: (data) => void socket.write(data),
    next: (timeoutMs = 5_000) => replies.next(timeoutMs),
    closed,
    close: () => socket.destroy(),
  };
}

export async function rawWebSocket(url: string, headers: Record<string, string> = {}): Promise<RawConnection> {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const replies = queue();
  ws.on('message', (data: WebSocket.RawData) => replies.push(parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data))));
  ws.on('error', () => undefined);
  const closed = new Promise<{ code?: number }>((resolve) =>
    ws.once('close', (code: number) => {
      replies.end(`the WebSocket closed (${code})`);
      resolve({ code });
    }),
  );
  return {
    send: (data) => ws.send(data, { binary: typeof data !== 'string' }),
    next: (timeoutMs = 5_000) => replies.next(timeoutMs),
    closed,
    close: () => ws.terminate(),
  };
}
