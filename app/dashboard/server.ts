/**
 * The dashboard bridge: the built renderer over HTTP and the API over a
 * WebSocket, on 127.0.0.1 only, behind a random token (docs/architecture.md, "One API, three
 * transports"). `upkeep serve` runs this around a headless engine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { http } from '../node-http.ts';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EngineHandle } from '../api.ts';
import { MAX_FRAME_BYTES } from '../transport/envelope.ts';
import { checkRequest, newToken, tokenCookieName } from './guard.ts';
import { findRendererDir, loadStatic, securityHeaders, sendText } from './static-files.ts';
import { attachSession } from './socket.ts';

export const WEBSOCKET_PATH = '/ws';

export interface DashboardOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** The built renderer; found beside the bundle or in the repo's dist/ when absent. */
  rendererDir?: string;
}

export interface Dashboard {
  /** `http://127.0.0.1:PORT/?token=…`: the one URL that opens the dashboard. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function serveDashboard(engine: EngineHandle, options: DashboardOptions = {}): Promise<Dashboard> {
  const token = newToken();
  const rendererDir = options.rendererDir ?? findRendererDir();
  let port = 0;

  // Frames up to this size reach our own check and get an error reply; ws closes the connection (1009) past it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_FRAME_BYTES });
  wss.on('connection', (ws) => attachSession(ws, engine));

  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${String(error)}`, securityHeaders(port));
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) return sendText(res, verdict.status, verdict.message, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'only GET and HEAD', { ...headers, Allow: 'GET, HEAD' });
    }
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const found = await loadStatic(rendererDir, pathname);
    if (found.status !== 200) return sendText(res, found.status, found.message, headers);
    // The page's own assets are fetched without the query string, so the token travels on as a same-site cookie.
    const cookie = verdict.viaQuery
      ? { 'Set-Cookie': `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict` }
      : {};
    res.writeHead(200, {
      ...headers,
      ...cookie,
      'Content-Type': found.contentType,
      'Content-Length': String(found.body.length),
      'Cache-Control': found.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : found.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.message);
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      return refuseUpgrade(socket, 400, 'bad url');
    }
    if (pathname !== WEBSOCKET_PATH) return refuseUpgrade(socket, 404, `WebSocket lives at ${WEBSOCKET_PATH}`);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  // A request the parser rejects gets a plain 400 (not silence), then the connection closes.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on 127.0.0.1 is already in use: pick another with --port, or 0 for any free port`)
          : error,
      );
    });
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const reason = http.STATUS_CODES[status] ?? 'Error';
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
