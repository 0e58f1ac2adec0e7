/** Asking a bench service for /health on 127.0.0.1 (never anything but loopback). */
import http from 'node:http';

/** The pid that answered 200, or null (refused, timed out, other status). */
export function health(port: number, timeoutMs = 500): Promise<number | null> {
  return get(port, '/health', timeoutMs).then((reply) => {
    if (reply?.status !== 200) return null;
    try {
      const pid = (JSON.parse(reply.body) as { pid?: unknown }).pid;
      return typeof pid === 'number' ? pid : 0;
    } catch {
      return 0;
    }
  });
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
