/**
 * One dashboard WebSocket = one `Session`: request frames in, reply and event
 * frames out. A bad frame gets an error reply and the connection stays up.
 */
import type { WebSocket, RawData } from 'ws';
import type { EngineHandle } from '../api.ts';
import { Session } from '../transport/session.ts';
import { HEADLESS_SHELL } from '../transport/headless-shell.ts';
import { MAX_FRAME_BYTES, eventFrame, parseRequestFrame, replyFrame, type ServerFrame } from '../transport/envelope.ts';

/** A client that stops reading gets dropped (and reconnects) rather than growing our memory without end. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export function attachSession(ws: WebSocket, engine: EngineHandle): void {
  const send = (frame: ServerFrame): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const session = new Session(engine, HEADLESS_SHELL, (event, data) => send(eventFrame(event, data)));

  ws.on('message', (raw: RawData, isBinary: boolean) => {
    const size = rawSize(raw);
    if (isBinary || size > MAX_FRAME_BYTES) {
      const message = isBinary ? 'binary frames are not accepted; send JSON text' : `frame too large (the limit is ${MAX_FRAME_BYTES} bytes)`;
      send({ id: null, error: { code: 'bad-request', message } });
      return;
    }
    const parsed = parseRequestFrame(rawText(raw));
    if (!parsed.ok) {
      send(parsed.reply);
      return;
    }
    const { id, method, params } = parsed.request;
    void session.call(method, params).then((reply) => send(replyFrame(id, reply)));
  });
  ws.on('close', () => session.close());
  // An 'error' without a listener would throw and take the server down.
  ws.on('error', () => session.close());
}

function rawSize(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((n, b) => n + b.length, 0);
  return raw instanceof ArrayBuffer ? raw.byteLength : raw.length;
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw).toString('utf8');
}
