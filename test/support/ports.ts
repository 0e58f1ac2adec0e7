/** Free loopback ports for tests, and a foreign process that holds one. */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fixture } from './engine.ts';
import { killAtEnd } from './processes.ts';
import { waitFor } from './wait.ts';

/** A free loopback port, handed out by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts a process that is not Upkeep's on `port` (a stranger), killed at the end of the test. */
export async function foreignHolder(t: TestContext, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixture('health-server.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  killAtEnd(t, () => [child.pid]);
  await waitFor(() => canConnect(port), `foreign process listening on ${port}`);
  return child;
}
