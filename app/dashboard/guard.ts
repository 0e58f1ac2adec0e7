/**
 * Who may talk to the dashboard: only pages served by this very server, on
 * loopback, holding the token printed at start. The Host check stops DNS
 * rebinding (a foreign name that resolves to 127.0.0.1), the Origin check stops
 * other sites' pages, the token stops other local users and processes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie name carries the port: cookies are shared by every port on a host. */
export const tokenCookieName = (port: number): string => `upkeep_token_${port}`;

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; message: string };

export function checkRequest(req: IncomingMessage, port: number, token: string): Verdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host ?? '';
  if (!allowedHosts.includes(host.toLowerCase())) {
    return { ok: false, status: 403, message: `Host "${host}" is not allowed: open http://127.0.0.1:${port}/` };
  }
  const origin = req.headers.origin;
  // Browsers send Origin on cross-site requests and on every WebSocket; a missing one is a same-origin GET or a non-browser client.
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { ok: false, status: 403, message: `Origin "${origin}" is not allowed` };
  }
  const fromQuery = queryToken(req);
  if (fromQuery !== null && sameToken(fromQuery, token)) return { ok: true, viaQuery: true };
  const fromCookie = cookieToken(req, tokenCookieName(port));
  if (fromCookie !== null && sameToken(fromCookie, token)) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, message: 'missing or wrong token: open the URL `upkeep serve` printed' };
}

function queryToken(req: IncomingMessage): string | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  } catch {
    return null;
  }
}

function cookieToken(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
