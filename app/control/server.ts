/**
 * The control socket: the `upkeep` CLI's transport (docs/architecture.md, "One API, three
 * transports"). Newline-delimited JSON; one Session per connection, so a
 * connection validates and subscribes exactly like an IPC or dashboard client.
 *
 *   request  {"id": 1, "method": "list", "params": {}}
 *   reply    {"id": 1, "result": …}  or  {"id": 1, "error": {code, message, fields?}}
 *   event    {"event": "service", "data": …}
 */
import fs from 'node:fs';
import net from 'node:net';
import type { EngineHandle } from '../api.ts';
import { eventFrame, MAX_FRAME_BYTES, parseRequestFrame, replyFrame, type ServerFrame } from '../transport/envelope.ts';
import { Session } from '../transport/session.ts';
import { HEADLESS_SHELL } from '../transport/headless-shell.ts';
import { encodeFrame, FrameSplitter } from './frames.ts';
import { removeStaleSocket } from './stale-socket.ts';

/** A client that stops reading (while subscribed to a busy log) is dropped before its backlog grows past this. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** On close, connections get this long to flush their last reply before they are cut. */
const CLOSE_GRACE_MS = 1_000;
/** sun_path is 108 bytes on Linux, 104 on macOS; a longer path is silently truncated by the OS, so refuse it. */
const MAX_SOCKET_PATH_BYTES = process.platform === 'darwin' ? 103 : 107;

export interface ControlServer {
  close(): Promise<void>;
}

export async function serveControl(engine: EngineHandle, socketPath: string): Promise<ControlServer> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`control socket path is too long (${Buffer.byteLength(socketPath)} bytes, at most ${MAX_SOCKET_PATH_BYTES}): ${socketPath}`);
  }
  await removeStaleSocket(socketPath);

  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    handleConnection(engine, socket);
  });
  await listenPrivately(server, socketPath);
  // Remember which file is ours, so close never removes a socket a newer engine created.
  const ownInode = fs.statSync(socketPath).ino;

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...connections].map(endGracefully));
        await stopped;
        try {
          if (fs.statSync(socketPath).ino === ownInode) fs.rmSync(socketPath, { force: true });
        } catch {
          // already gone
        }
      })();
      return closing;
    },
  };
}

/**
 * The socket must be 0600 from the moment it exists: whoever can connect can
 * start and stop processes. `listen` on a path binds synchronously, so a
 * umask set just around it applies to the socket file and to nothing else in
 * this process; the chmod after is for platforms where bind ignores the umask.
 */
function listenPrivately(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    const previous = process.umask(0o177);
    try {
      server.listen(socketPath, () => {
        server.off('error', onError);
        try {
          fs.chmodSync(socketPath, 0o600);
          resolve();
        } catch (error) {
          server.close();
          reject(error);
        }
      });
    } finally {
      process.umask(previous);
    }
  });
}

function handleConnection(engine: EngineHandle, socket: net.Socket): void {
  const send = (frame: ServerFrame): void => {
    if (socket.destroyed || !socket.writable) return;
    if (socket.writableLength > MAX_BUFFERED_BYTES) {
      socket.destroy();
      return;
    }
    socket.write(encodeFrame(frame));
  };

  const session = new Session(engine, HEADLESS_SHELL, (event, data) => send(eventFrame(event, data)));
  const splitter = new FrameSplitter(MAX_FRAME_BYTES);
  socket.on('data', (chunk: Buffer) => {
    for (const frame of splitter.push(chunk)) {
      if (frame.kind === 'too-long') {
        send({ id: null, error: { code: 'bad-request', message: `frame too large (the limit is ${MAX_FRAME_BYTES} bytes)` } });
        continue;
      }
      const parsed = parseRequestFrame(frame.text);
      if (!parsed.ok) {
        send(parsed.reply);
        continue;
      }
      const { id, method, params } = parsed.request;
      void session.call(method, params).then((reply) => send(replyFrame(id, reply)));
    }
  });
  socket.on('error', () => {
    // A client that vanished mid-write; 'close' follows and cleans up.
  });
  socket.once('close', () => session.close());
}

function endGracefully(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}
