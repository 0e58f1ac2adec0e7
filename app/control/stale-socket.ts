/**
 * A socket file left by an engine that died without cleaning up blocks
 * `listen` (EADDRINUSE). It is removed only when a connect attempt proves that
 * nobody answers on it, never just because the file exists.
 */
import fs from 'node:fs';
import net from 'node:net';

export class SocketInUseError extends Error {
  constructor(socketPath: string) {
    super(`something is already listening on ${socketPath}`);
    this.name = 'SocketInUseError';
  }
}

export async function removeStaleSocket(socketPath: string, timeoutMs = 1_000): Promise<void> {
  if (!fs.existsSync(socketPath)) return;
  const answer = await probe(socketPath, timeoutMs);
  if (answer === 'listening') throw new SocketInUseError(socketPath);
  if (answer === 'dead') fs.rmSync(socketPath, { force: true });
}

type ProbeAnswer = 'listening' | 'dead' | 'unsure';

function probe(socketPath: string, timeoutMs: number): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (answer: ProbeAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done('unsure'), timeoutMs);
    socket.once('connect', () => done('listening'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      done(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'dead' : 'unsure');
    });
  });
}
