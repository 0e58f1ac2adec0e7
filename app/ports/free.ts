/**
 * Whether a service could bind a port now. On Linux two wildcard binds
 * answer it (see freeOnEveryAddress). Elsewhere two looks, because either
 * alone misses cases: the listener table (a listener on 0.0.0.0, ::, or
 * another address would collide with a service that binds the wildcard, and
 * on macOS, with SO_REUSEADDR, a loopback bind can succeed next to one), and
 * a real bind on loopback (catches ports we may not use and sockets that are
 * bound without listening). On macOS we only ever bind loopback addresses ourselves.
 */
import net from 'node:net';
import { osLayer } from '../os/current.ts';

type BindResult = 'free' | 'taken' | 'no-such-address';

function tryListen(port: number, host: string): Promise<BindResult> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      server.close();
      // No IPv6 on this machine: the other family cannot collide with anything.
      resolve(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT' ? 'no-such-address' : 'taken');
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

function otherLoopback(host: string): string | null {
  if (host === '127.0.0.1' || host === 'localhost') return '::1';
  if (host === '::1') return '127.0.0.1';
  return null;
}

async function bindsOnLoopback(port: number, host: string): Promise<boolean> {
  if ((await tryListen(port, host)) === 'taken') return false;
  const other = otherLoopback(host);
  return other === null || (await tryListen(port, other)) !== 'taken';
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * Where the OS layer says so (Linux), a bind on the wildcard addresses fails
 * whenever anything listens on the port on any address, so two binds (well
 * under a millisecond) answer what reading the listener table (several ms) would.
 */
async function freeOnEveryAddress(port: number): Promise<boolean> {
  return (await tryListen(port, '0.0.0.0')) === 'free' && (await tryListen(port, '::')) !== 'taken';
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  if (!validPort(port)) return false;
  // Checked before every start (restarts included): this is on the restart path.
  const os = osLayer();
  if (os.wildcardBindSeesEveryListener) return freeOnEveryAddress(port);
  const listening = await os.listListeners();
  if (listening.some((listener) => listener.port === port)) return false;
  return bindsOnLoopback(port, host);
}

/**
 * The first free port among `from`, `from + 1`, … (`range` ports in all, never
 * past 65535), skipping `exclude` (ports other services are configured for).
 * null when none is free.
 */
export async function findFreePort(from: number, range: number, exclude: ReadonlySet<number> = new Set()): Promise<number | null> {
  if (!Number.isInteger(from) || !Number.isInteger(range)) return null;
  const listening = new Set((await osLayer().listListeners()).map((listener) => listener.port));
  const last = Math.min(from + range - 1, 65535);
  for (let port = Math.max(from, 1); port <= last; port++) {
    if (exclude.has(port) || listening.has(port)) continue;
    if (await bindsOnLoopback(port, '127.0.0.1')) return port;
  }
  return null;
}
