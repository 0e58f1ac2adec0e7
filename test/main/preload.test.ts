/**
 * The preload's bridge, end to end: page → contextBridge object → ipcRenderer
 * → the shell's ipcMain handlers → a real engine, and events back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES, type Bridge, type Events } from '../../app/api.ts';
import { exposeBridge } from '../../main/bridge.ts';
import { nodeFixture } from '../support/engine.ts';
import { waitFor } from '../support/wait.ts';
import { createFakeRenderer } from '../mocks/electron.ts';
import { startTestShell, windowOf } from './helpers/shell-harness.ts';

async function setup(t: Parameters<typeof startTestShell>[0]) {
  const started = await startTestShell(t, { services: [{ name: 'runner', command: nodeFixture('forever.mjs') }] });
  const contents = windowOf(started.electron).webContents;
  const renderer = createFakeRenderer(started.electron.ipcMain, contents);
  // What the main process sends to this window reaches the renderer's ipcRenderer.
  const send = contents.send.bind(contents);
  contents.send = (channel: string, ...args: unknown[]) => {
    send(channel, ...args);
    renderer.ipcRenderer.deliver(channel, ...args);
  };
  exposeBridge(renderer);
  const upkeep = renderer.exposed.get('upkeep') as unknown as Bridge;
  return { ...started, contents, renderer, upkeep };
}

test('exactly the Bridge is exposed: one function per API method plus on — no ipcRenderer, no send, no invoke', async (t) => {
  const { renderer, upkeep } = await setup(t);
  assert.deepEqual([...renderer.exposed.keys()], ['upkeep']);
  assert.deepEqual(Object.keys(upkeep).sort(), [...METHOD_NAMES, 'on'].sort());
  for (const value of Object.values(upkeep)) assert.equal(typeof value, 'function');
  assert.ok(Object.isFrozen(upkeep), 'the page cannot swap a method');
});

test('methods resolve with the engine\'s answer and reject with { code, message, fields }', async (t) => {
  const { upkeep } = await setup(t);
  const list = await upkeep.list({});
  assert.deepEqual(list.services.map((s) => s.name), ['runner']);
  assert.deepEqual(await upkeep.getSettings({}), { startAtLogin: false, notifications: true });
  await assert.rejects(upkeep.restart({ name: 'Bad Name' }), (error: unknown) => {
    assert.ok(!(error instanceof Error), 'a plain object: an Error would lose code and fields crossing the context bridge');
    const e = error as { code: string; message: string; fields: Array<{ path: string }> };
    assert.equal(e.code, 'bad-request');
    assert.match(e.message, /^restart: name: /);
    assert.deepEqual(e.fields.map((f) => f.path), ['name']);
    return true;
  });
  await assert.rejects(upkeep.logs({ name: 'nosuch' }), { code: 'not-found' });
});

test('on() delivers the events of one kind after subscribe, and its return value unsubscribes', async (t) => {
  const { shell, upkeep, renderer } = await setup(t);
  await waitFor(() => shell.current().services[0]?.state === 'running', 'runner running');
  const seen: Array<Events['service']> = [];
  const notices: unknown[] = [];
  const off = upkeep.on('service', (event) => seen.push(event));
  upkeep.on('notice', (event) => notices.push(event));
  await upkeep.subscribe({ services: true });
  await upkeep.restart({ name: 'runner' });
  await waitFor(() => seen.some((e) => e.status.state === 'running'), 'a running event through the bridge');
  assert.ok(seen.every((e) => e.status.name === 'runner'));
  off();
  assert.equal(renderer.listenerCount('upkeep:event'), 1, 'only the notice listener is left');
  const before = seen.length;
  await upkeep.restart({ name: 'runner' });
  await waitFor(() => shell.current().services[0]?.state === 'running', 'runner running again');
  assert.equal(seen.length, before, 'nothing after unsubscribing');
});

test('an iframe that somehow gets the bridge is refused', async (t) => {
  const { electron, contents } = await setup(t);
  const framed = createFakeRenderer(electron.ipcMain, contents, contents.mainFrame.child('https://ads.example/'));
  exposeBridge(framed);
  const upkeep = framed.exposed.get('upkeep') as unknown as Bridge;
  await assert.rejects(upkeep.list({}), (error: { code: string; message: string }) => /^refused: not sent by the top-level frame/.test(error.message));
});
