/**
 * TCP health: can we connect to the port on loopback? 127.0.0.1 first, then
 * ::1, because a service that listens on `localhost` may have bound only the
 * IPv6 one. The socket is destroyed whatever happens, so nothing leaks.
 */
import net from 'node:net';
import { errorDetail, timedOut, type CheckResult } from './result.ts';

function connectOnce(host: string, port: number, deadline: number): Promise<CheckResult | 'timeout'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (result: CheckResult | 'timeout') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish('timeout'), Math.max(0, deadline - Date.now()));
    socket.once('connect', () => finish({ ok: true, detail: `connected to ${host}:${port}` }));
    socket.once('error', (error) => finish({ ok: false, detail: errorDetail(error) }));
  });
}

export async function tcpCheck(port: number, timeoutMs: number): Promise<CheckResult> {
  const deadline = Date.now() + timeoutMs;
  const v4 = await connectOnce('127.0.0.1', port, deadline);
  if (v4 === 'timeout') return timedOut(timeoutMs);
  if (v4.ok || !v4.detail.endsWith('ECONNREFUSED')) return v4;
  const v6 = await connectOnce('::1', port, deadline);
  if (v6 === 'timeout') return timedOut(timeoutMs);
  return v6.ok ? v6 : v4; // both refused: report the IPv4 refusal, the usual case
}
