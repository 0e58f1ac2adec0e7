/**
 * Guarded IPC against a real engine: only our window's top-level renderer
 * frame may call, every payload is validated, and a refused or bad call gets
 * an error reply while the app keeps running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type ListResult } from '../../app/api.ts';
import { nodeFixture } from '../support/engine.ts';
import { waitFor } from '../support/wait.ts';
import { FakeFrame } from '../mocks/electron.ts';
import { startTestShell, trayOf, windowOf } from './helpers/shell-harness.ts';

type Reply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; fields?: Array<{ path: string; message: string }> } };

async function setup(t: Parameters<typeof startTestShell>[0]) {
  const started = await startTestShell(t, { services: [{ name: 'runner', command: nodeFixture('forever.mjs') }] });
  const window = windowOf(started.electron);
  const contents = window.webContents;
  const invoke = (channel: string, frame: FakeFrame | null, ...args: unknown[]) =>
    started.electron.ipcMain.invoke(channel, contents.invokeEvent(frame), ...args) as Promise<Reply>;
  return { ...started, window, contents, invoke };
}

test('every API method has a handler; our page gets answers', async (t) => {
  const { electron, contents, invoke, rendererIndex } = await setup(t);
  assert.deepEqual([...electron.ipcMain.handlers.keys()].sort(), METHOD_NAMES.map(ipcChannel).sort());
  assert.equal(new URL(contents.mainFrame.url).pathname, rendererIndex.split(path.sep).join('/'));
  const reply = await invoke(ipcChannel('list'), contents.mainFrame, {});
  assert.equal(reply.ok, true);
  assert.deepEqual((reply as { result: ListResult }).result.services.map((s) => s.name), ['runner']);
});

test('calls from an iframe, another window, a foreign page or a vanished frame are refused, and nothing happens', async (t) => {
  const { shell, electron, contents, invoke, logs } = await setup(t);
  const pid = await waitFor(() => shell.current().services[0]?.state === 'running' && shell.current().services[0]?.pid, 'runner running');

  const iframe = contents.mainFrame.child(contents.mainFrame.url);
  const refusals: Reply[] = [];
  refusals.push(await invoke(ipcChannel('stop'), iframe, { name: 'runner' }));
  refusals.push(await invoke(ipcChannel('stop'), null, { name: 'runner' }));
  const other = electron.createWebContents();
  other.mainFrame.url = contents.mainFrame.url;
  refusals.push((await electron.ipcMain.invoke(ipcChannel('stop'), other.invokeEvent(), { name: 'runner' })) as Reply);
  // Our window, top frame, but showing somebody else's page.
  const foreign = new FakeFrame('https://evil.example/', null, contents.mainFrame.processId);
  Object.defineProperty(foreign, 'routingId', { value: contents.mainFrame.routingId });
  refusals.push(await invoke(ipcChannel('stop'), foreign, { name: 'runner' }));
  refusals.push(await invoke(ipcChannel('stop'), new FakeFrame('file:///tmp/other.html'), { name: 'runner' }));

  for (const reply of refusals) {
    assert.equal(reply.ok, false);
    assert.match((reply as { error: { message: string } }).error.message, /^refused: /);
  }
  assert.equal(logs.filter((l) => l.includes('refused')).length, refusals.length, 'each refusal is logged');
  // Nothing was stopped, and the app still answers its own page.
  assert.equal(shell.current().services[0]?.pid, pid);
  assert.equal(shell.current().services[0]?.state, 'running');
  assert.equal((await invoke(ipcChannel('list'), contents.mainFrame, {})).ok, true);
});

test('invalid payloads get a bad-request error naming the field; the app keeps running', async (t) => {
  const { shell, contents, invoke } = await setup(t);
  const bad: Array<[string, unknown[]]> = [
    [ipcChannel('restart'), [{ name: 'Not A Name!' }]],
    [ipcChannel('restart'), [{ name: 'runner', extra: true }]],
    [ipcChannel('restart'), ['runner']],
    [ipcChannel('logs'), [{ name: 'runner', lines: -5 }]],
    [ipcChannel('setPort'), [{ name: 'runner', port: 70000 }]],
    [ipcChannel('addService'), [{ spec: { name: 'x', command: [] } }]],
    [ipcChannel('list'), [{}, 'surplus argument']],
    [ipcChannel('setSettings'), [{ startAtLogin: 'yes' }]],
  ];
  for (const [channel, args] of bad) {
    const reply = await invoke(channel, contents.mainFrame, ...args);
    assert.equal(reply.ok, false, `${channel} ${JSON.stringify(args)}`);
    assert.equal((reply as { error: { code: string } }).error.code, 'bad-request', `${channel} ${JSON.stringify(args)}`);
  }
  const fields = await invoke(ipcChannel('addService'), contents.mainFrame, { spec: { name: 'x', command: [] } });
  assert.deepEqual((fields as { error: { fields: unknown[] } }).error.fields, [{ path: 'spec.command', message: 'needs a command' }]);
  const missing = await invoke(ipcChannel('restart'), contents.mainFrame, { name: 'nosuch' });
  assert.equal((missing as { error: { code: string } }).error.code, 'not-found');
  assert.equal((await invoke(ipcChannel('list'), contents.mainFrame, {})).ok, true);
  assert.equal(shell.current().services.length, 1);
});

test('settings are the shell\'s: start at login writes and removes the XDG autostart entry, and the tray checkbox follows', async (t) => {
  const { electron, contents, invoke, xdgConfig } = await setup(t);
  const entry = path.join(xdgConfig, 'autostart', 'upkeep.desktop');
  const get = await invoke(ipcChannel('getSettings'), contents.mainFrame, {});
  assert.deepEqual(get, { ok: true, result: { startAtLogin: false, notifications: true } });

  const on = await invoke(ipcChannel('setSettings'), contents.mainFrame, { startAtLogin: true });
  assert.deepEqual(on, { ok: true, result: { startAtLogin: true, notifications: true } });
  // Not packaged: electron and the app folder (the packaged command is tested in autostart.test.ts).
  assert.match(readFileSync(entry, 'utf8'), /^Exec=\/opt\/Upkeep\/upkeep \/fake\/app --hidden$/m);
  const tray = trayOf(electron);
  assert.equal(tray.menuItem('Start at login').checked, true);

  tray.menuItem('Start at login').click?.();
  assert.equal(existsSync(entry), false, 'unticking removes the entry');
  assert.equal(tray.menuItem('Start at login').checked, false);
  tray.menuItem('Start at login').click?.();
  assert.equal(existsSync(entry), true, 'ticking writes it again');

  const off = await invoke(ipcChannel('setSettings'), contents.mainFrame, { notifications: false, startAtLogin: false });
  assert.deepEqual(off, { ok: true, result: { startAtLogin: false, notifications: false } });
  assert.equal(existsSync(entry), false);
});

test('a subscribed window gets service events on the event channel; a destroyed one is dropped', async (t) => {
  const { shell, contents, invoke } = await setup(t);
  await waitFor(() => shell.current().services[0]?.state === 'running', 'runner running');
  assert.deepEqual(await invoke(ipcChannel('subscribe'), contents.mainFrame, { services: true }), { ok: true, result: { ok: true } });
  await invoke(ipcChannel('restart'), contents.mainFrame, { name: 'runner' });
  const events = () => contents.sent.filter((m) => m.channel === IPC_EVENT_CHANNEL).map((m) => m.args[0] as { event: string; data: { status: { state: string } } });
  await waitFor(() => events().some((e) => e.event === 'service' && e.data.status.state === 'running'), 'a running event');
  assert.ok(events().some((e) => e.event === 'service' && e.data.status.state === 'starting'));
  contents.destroy();
  await shell.engine.restart({ name: 'runner' }); // must not throw by sending to a destroyed window
  await waitFor(() => shell.current().services[0]?.state === 'running', 'runner running again');
});
