import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trayMenuTemplate, type TrayActions } from '../../main/tray-menu.ts';
import type { MenuItemOptions } from '../../main/electron-seams.ts';
import { list, status } from './helpers/status.ts';

function recorder() {
  const calls: string[] = [];
  const actions = new Proxy({} as TrayActions, {
    get: (_target, prop: string) => (arg?: unknown) => calls.push(arg === undefined ? prop : `${prop}(${String(arg)})`),
  });
  return { calls, actions };
}

const find = (items: MenuItemOptions[], label: string | RegExp) =>
  items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));

test('each service shows its state and offers Restart, Stop, Logs; the rest of the menu is there', () => {
  const { calls, actions } = recorder();
  const items = trayMenuTemplate(list([status('api', { port: 8080 }), status('worker', { state: 'stopped', pid: null })], 'up'), { startAtLogin: false }, actions);
  const api = find(items, /^● api — running :8080 · up 1 s$/);
  assert.ok(api?.submenu, 'api has a submenu');
  for (const label of ['Restart', 'Stop', 'Logs', 'Open http://127.0.0.1:8080/', 'Copy URL']) {
    const item = find(api.submenu, label);
    assert.ok(item, `api: ${label}`);
    item.click?.();
  }
  assert.deepEqual(calls, ['restart(api)', 'stop(api)', 'showLogs(api)', 'openInBrowser(api)', 'copyUrl(api)']);
  const worker = find(items, /worker — stopped$/);
  assert.ok(find(worker?.submenu ?? [], 'Start'), 'a stopped service offers Start');
  assert.equal(find(worker?.submenu ?? [], 'Stop'), undefined);
  assert.equal(find(items, 'Restore all')?.enabled, false, 'nothing to restore when all is up');
  for (const label of ['Open Upkeep', 'Start at login', 'Quit Upkeep…']) assert.ok(find(items, label), label);
});

test('a down service says why; Restore all is offered; Start at login toggles', () => {
  const { calls, actions } = recorder();
  const blocked = status('runner', {
    state: 'blocked',
    pid: null,
    port: 5555,
    problem: { kind: 'port-conflict', port: 5555, owner: null, nextFreePort: null },
  });
  const items = trayMenuTemplate(list([blocked], 'down'), { startAtLogin: true }, actions);
  const runner = find(items, /^✕ runner — blocked/);
  assert.equal(runner?.submenu?.[0]?.label, 'port 5555 taken');
  const restore = find(items, 'Restore all');
  assert.equal(restore?.enabled, true);
  restore?.click?.();
  const login = find(items, 'Start at login');
  assert.equal(login?.type, 'checkbox');
  assert.equal(login?.checked, true);
  login?.click?.();
  find(items, 'Quit Upkeep…')?.click?.();
  assert.deepEqual(calls, ['restoreAll', 'setStartAtLogin(false)', 'quit']);
});

test('an empty list and a config error are shown as such', () => {
  const { actions } = recorder();
  const items = trayMenuTemplate(list([], 'idle', 'config.json: bad'), { startAtLogin: false }, actions);
  assert.match(items[0]?.label ?? '', /config\.json has an error/);
  assert.ok(find(items, 'No services yet'));
});

test('each service says for how long it has been up or down, and the time moves on with the clock, not only with events', () => {
  const { actions } = recorder();
  const now = Date.UTC(2026, 11, 2, 15, 0, 0);
  const services = [
    status('api', { port: 8080, uptimeMs: 3 * 3_600_000 + 59 * 60_000 }),
    status('runner', { state: 'backoff', pid: null, uptimeMs: null, downSince: now - 2 * 60_000 - 5_000 }),
    status('worker', { state: 'stopped', pid: null, uptimeMs: null }),
    status('executor', { state: 'waiting', pid: null, uptimeMs: null }),
  ];
  const labels = (clock: { now: number; listAt: number }) =>
    trayMenuTemplate(list(services, 'down'), { startAtLogin: false }, actions, clock)
      .map((item) => item.label)
      .filter((label) => label && / — /.test(label));
  assert.deepEqual(labels({ now, listAt: now }), ['● api — running :8080 · up 3 h', '✕ runner — down · down 2 m', '○ worker — stopped', '● executor — waiting']);
  // Ten minutes later with no new list: the uptime was measured then, the down time is absolute.
  assert.deepEqual(labels({ now: now + 600_000, listAt: now }).slice(0, 2), ['● api — running :8080 · up 4 h', '✕ runner — down · down 12 m']);
});

test('a waiting service says what it waits for: its queue, or its next scheduled run', () => {
  const { actions } = recorder();
  const executor = status('executor', { state: 'waiting', pid: null, waitingFor: { kind: 'trigger', detail: 'waiting for queue/ (empty)', at: null } });
  const nightly = status('nightly', { state: 'waiting', pid: null, waitingFor: { kind: 'schedule', detail: 'next run 02:00', at: 0 } });
  const items = trayMenuTemplate(list([executor, nightly], 'up'), { startAtLogin: false }, actions);
  assert.ok(find(items, /^● executor — waiting for queue\/ \(empty\)$/), 'the queue it waits on');
  assert.ok(find(items, /^● nightly — waiting, next run 02:00$/), 'the time it starts');
});
