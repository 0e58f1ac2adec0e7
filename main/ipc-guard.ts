/**
 * Who may call the API over IPC: only the top-level frame of our own window,
 * showing our own renderer file. An iframe, a page the window was somehow
 * navigated to, or another window gets nothing.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { InvokeEventLike, WindowLike } from './electron-seams.ts';

export type Verdict = { ok: true } | { ok: false; reason: string };

export function checkSender(event: InvokeEventLike, window: WindowLike | null, rendererIndex: string): Verdict {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (!window || window.isDestroyed() || event.sender.id !== window.webContents.id) {
    return { ok: false, reason: 'not sent by the Upkeep window' };
  }
  const main = window.webContents.mainFrame;
  if (frame.parent !== null || frame.routingId !== main.routingId || frame.processId !== main.processId) {
    return { ok: false, reason: 'not sent by the top-level frame' };
  }
  if (!isRendererUrl(frame.url, rendererIndex)) return { ok: false, reason: `not sent by the Upkeep page (${frame.url})` };
  return { ok: true };
}

/** Our renderer's file:// URL, whatever its #hash or ?query. */
export function isRendererUrl(url: string, rendererIndex: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  try {
    return path.resolve(fileURLToPath(parsed)) === path.resolve(rendererIndex);
  } catch {
    return false;
  }
}
