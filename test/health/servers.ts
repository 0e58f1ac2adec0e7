/**
 * Local servers for the health tests (127.0.0.1, port 0), each counting the
 * connections it has open so a test can prove a check left none behind.
 */
import http from 'node:http';
import net from 'node:net';
import type { TestContext } from 'node:test';

export interface Counted {
  port: number;
  /** Connections open right now (server side). */
  open(): number;
  /** Connections accepted so far. */
  accepted(): number;
  /** The most connections that were open at once. */
  maxOpen(): number;
}

function count(t: TestContext, server: net.Server): Promise<Counted> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let maxOpen = 0;
  server.on('connection', (socket: net.Socket) => {
    accepted += 1;
    sockets.add(socket);
    maxOpen = Math.max(maxOpen, sockets.size);
    socket.once('close', () => sockets.delete(socket));
  });
  t.after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        open: () => sockets.size,
        accepted: () => accepted,
        maxOpen: () => maxOpen,
      });
    });
  });
}

/** An HTTP server whose answer the test sets at any time. */
export async function httpServer(
  t: TestContext,
  initial: { status: number; body: string },
): Promise<Counted & { set(answer: { status: number; body: string }): void; requests(): number }> {
  let answer = initial;
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body);
  });
  const counted = await count(t, server);
  return { ...counted, set: (next) => (answer = next), requests: () => requests };
}

/** Accepts connections, reads what comes (so it sees the client hang up), never answers. */
export function silentServer(t: TestContext): Promise<Counted> {
  return count(t, net.createServer((socket) => socket.resume()));
}

/** Answers 200 with headers, then never finishes the body. */
export function tricklingServer(t: TestContext): Promise<Counted> {
  return count(
    t,
    http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"status":');
    }),
  );
}
