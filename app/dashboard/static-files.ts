/**
 * Serves the built renderer (`dist/renderer`) and nothing else: paths are
 * resolved inside that folder and anything that escapes it is refused.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Where the built renderer lives: beside the bundle (`dist/cli.mjs` →
 * `dist/renderer`) or, running from source, in the repo's `dist/renderer`.
 */
export function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'renderer'), path.resolve(here, '..', '..', 'dist', 'renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

export function securityHeaders(port: number): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The token rides in the URL: never leak it in a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export type StaticResult =
  | { status: 200; body: Buffer; contentType: string; immutable: boolean }
  | { status: 400 | 404 | 500; message: string };

/** Maps a URL path to a file under `root`; `/` is index.html. */
export async function loadStatic(root: string, urlPath: string): Promise<StaticResult> {
  if (!existsSync(path.join(root, 'index.html'))) {
    return { status: 500, message: `The dashboard is not built (no ${path.join(root, 'index.html')}). Run \`npm run build\`, then start \`upkeep serve\` again.` };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, message: 'bad path encoding' };
  }
  if (decoded.includes('\0')) return { status: 400, message: 'bad path' };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 404, message: 'not found' };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (contentType === undefined) return { status: 404, message: 'not found' };
  try {
    if (!(await stat(file)).isFile()) return { status: 404, message: 'not found' };
    // Vite puts content hashes in asset names, so those never change.
    return { status: 200, body: await readFile(file), contentType, immutable: relative.startsWith('assets/') };
  } catch {
    return { status: 404, message: 'not found' };
  }
}

export function sendText(res: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  const html = status === 500 || status === 401 || status === 403;
  const body = html
    ? `<!doctype html><meta charset="utf-8"><title>Upkeep</title><p>${escapeHtml(message)}</p>`
    : `${message}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': html ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
