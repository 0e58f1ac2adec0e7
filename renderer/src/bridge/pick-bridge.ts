/**
 * The renderer's one way to the engine: the preload's `window.upkeep` inside
 * the app, else the dashboard's WebSocket with the token from this page's URL.
 */
import type { Bridge } from '../../../app/api.ts';
import { alwaysOpen, type Connection } from './connection.ts';
import { createSocketBridge } from './socket-bridge.ts';

declare global {
  interface Window {
    upkeep?: Bridge;
  }
}

export interface Client {
  bridge: Bridge;
  connection: Connection;
  /** 'app' inside Electron, 'browser' through `upkeep serve`. */
  where: 'app' | 'browser';
}

export function pickBridge(): Client {
  if (window.upkeep) return { bridge: window.upkeep, connection: alwaysOpen, where: 'app' };
  const token = new URL(window.location.href).searchParams.get('token') ?? '';
  const url = `ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  return { ...createSocketBridge(url), where: 'browser' };
}
