/** Asking a bench service for /health on 127.0.0.1 (never anything but loopback). */
import http from 'node:http';

export interface Healthy {
  pid: number;
  /** The answering process's performance.timeOrigin (epoch ms), when it reports one. */
  startedAt: number | null;
}

/** Who answered /health with 200, or null (refused, timed out, other status). */
export function healthOf(port: number, timeoutMs = 500): Promise<Healthy | null> {
  return get(port, '/health', timeoutMs).then((reply) => {
    if (reply?.status !== 200) return null;
    try {
      const body = JSON.parse(reply.body) as { pid?: unknown; startedAt?: unknown };
      return { pid: typeof body.pid === 'number' ? body.pid : 0, startedAt: typeof body.startedAt === 'number' ? body.startedAt : null };
    } catch {
      return { pid: 0, startedAt: null };
    }
  });
}

/** The pid that answered 200, or null. */
export function health(port: number, timeoutMs = 500): Promise<number | null> {
  return healthOf(port, timeoutMs).then((healthy) => healthy?.pid ?? null);
}

/** Wall clock in epoch ms with sub-ms resolution, on the same footing as a process's timeOrigin. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export function get(port: number, path: string, timeoutMs = 500): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    // agent: false — a fresh connection each time, so a reply always comes from whoever listens now.
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}
