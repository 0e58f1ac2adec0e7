import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { serveDashboard, type Dashboard } from '../../app/dashboard/server.ts';
import { BridgeError } from '../../renderer/src/bridge/bridge-error.ts';
import { createSocketBridge, type SocketBridge } from '../../renderer/src/bridge/socket-bridge.ts';
import { FakeEngine } from '../dashboard/fake-engine.ts';

// Node 20 has no WebSocket global; ws's client speaks the same browser API.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let engine: FakeEngine;
let dashboard: Dashboard;
const opened: SocketBridge[] = [];
const open = (url: string): SocketBridge => {
  const client = createSocketBridge(url);
  opened.push(client);
  return client;
};

async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

before(async () => {
  engine = new FakeEngine([{ name: 'runner', command: ['node', 'server.mjs'], port: 5555 }]);
  dashboard = await serveDashboard(engine, { rendererDir: '/nonexistent' });
});

after(async () => {
  for (const client of opened) client.close();
  await dashboard.close();
});

const wsUrl = (): string => `ws://127.0.0.1:${dashboard.port}/ws?token=${dashboard.token}`;

test('calls resolve with results, bad calls reject with the engine’s code and fields', async () => {
  const { bridge } = open(wsUrl());
  const listed = await bridge.list({});
  assert.deepEqual(listed.services.map((s) => s.name), ['runner']);
  await assert.rejects(
    bridge.setPort({ name: 'runner', port: 70000 }),
    (error: unknown) => error instanceof BridgeError && error.code === 'bad-request' && error.fields[0]?.path === 'port',
  );
  await assert.rejects(bridge.start({ name: 'nope' }), (error: unknown) => error instanceof BridgeError && error.code === 'not-found');
});

test('events reach listeners after subscribe', async () => {
  const { bridge } = open(wsUrl());
  const states: string[] = [];
  bridge.on('service', ({ status }) => states.push(status.state));
  await bridge.subscribe({ services: true });
  engine.transition('runner', 'failed', { reason: 'crash loop' });
  await until('the service event', () => states.includes('failed'));
});

test('a dropped connection reconnects, subscribes again and sends calls made meanwhile', async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const frames: Array<{ connection: number; method: string }> = [];
  let connections = 0;
  server.on('connection', (ws) => {
    const connection = ++connections;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id: number; method: string };
      frames.push({ connection, method: frame.method });
      ws.send(JSON.stringify({ id: frame.id, result: frame.method === 'subscribe' ? { ok: true } : { settings: connection } }));
    });
  });
  const client = open(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  try {
    await client.bridge.subscribe({ services: true, logs: ['runner'] });
    const states: string[] = [];
    client.connection.onChange((s) => states.push(s));
    for (const ws of server.clients) ws.terminate();
    await until('the reconnecting state', () => states.includes('reconnecting'));
    const late = client.bridge.getSettings({});
    await until('the second connection', () => client.connection.state() === 'open' && connections === 2);
    assert.deepEqual(await late, { settings: 2 });
    assert.deepEqual(
      frames.filter((f) => f.connection === 2).map((f) => f.method),
      ['subscribe', 'getSettings'],
    );
  } finally {
    client.close();
    for (const ws of server.clients) ws.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('calls pile up only to a bound while nothing answers', async () => {
  const client = open('ws://127.0.0.1:9/');
  const settled = new Set<number>();
  const calls = Array.from({ length: 300 }, (_, i) =>
    client.bridge.list({}).then(
      () => 'ok',
      (e: BridgeError) => {
        settled.add(i);
        return e.code;
      },
    ),
  );
  // Past the bound, calls are refused at once; the first 256 still wait for a connection.
  assert.deepEqual(await Promise.all(calls.slice(256)), Array(44).fill('unavailable'));
  assert.equal([...settled].filter((i) => i < 256).length, 0);
  client.close();
  assert.deepEqual(await Promise.all(calls.slice(0, 256)), Array(256).fill('unavailable'));
});
