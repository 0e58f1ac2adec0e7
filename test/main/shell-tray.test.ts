/**
 * The tray with a real engine and real processes: what a person sees when a
 * service dies, and what Restart in the tray menu does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeFixture } from '../support/engine.ts';
import { isAlive } from '../support/processes.ts';
import { waitFor } from '../support/wait.ts';
import { startTestShell, trayIcon, trayOf } from './helpers/shell-harness.ts';

const runnerOf = (shell: { current(): { services: Array<{ name: string; state: string; pid: number | null }> } }) =>
  shell.current().services.find((s) => s.name === 'runner');

test('a service dies: within a second the tray shows the down icon and the tooltip names it; Restart in the menu brings it back with a new pid', async (t) => {
  const { shell, electron } = await startTestShell(t, {
    services: [{ name: 'runner', command: nodeFixture('forever.mjs'), restart: 'never' }],
    // A short cooldown so the recovery is told within the test (the debounce itself is tested in notifications.test.ts).
    notifications: { cooldownMs: 300 },
  });
  const tray = trayOf(electron);
  const first = await waitFor(() => {
    const runner = runnerOf(shell);
    return runner?.state === 'running' && tray.image === trayIcon('up') && runner.pid;
  }, 'runner running and the tray green');
  assert.equal(tray.toolTip, 'Upkeep: runner up');
  assert.match(tray.menuItem(/^● runner/).label ?? '', /^● runner — running · up \d+ s$/);

  process.kill(first, 'SIGKILL');
  const killedAt = Date.now();
  await waitFor(() => tray.image === trayIcon('down') && tray.toolTip.startsWith('runner down'), 'the down icon and tooltip', 1_000, 10);
  const took = Date.now() - killedAt;
  assert.ok(took < 1_000, `took ${took} ms`);
  t.diagnostic(`kill → down icon and tooltip: ${took} ms`);
  assert.match(tray.toolTip, /^runner down: killed by SIGKILL/);
  assert.match(tray.menuItem(/^✕ runner — failed/).label ?? '', /^✕ runner — failed · down \d+ s$/);
  // It failed (restart policy never): told at once, by name.
  await waitFor(() => electron.Notification.instances.find((n) => n.shown && n.title === 'runner has failed'), 'a notification');

  tray.menuItem(/runner/, 'Restart').click?.();
  const second = await waitFor(() => {
    const runner = runnerOf(shell);
    return runner?.state === 'running' && runner.pid !== first && tray.image === trayIcon('up') && runner.pid;
  }, 'runner running again with a new pid, the tray green');
  assert.ok(isAlive(second), 'the new process runs');
  assert.notEqual(second, first);
  assert.equal(tray.toolTip, 'Upkeep: runner up');
  await waitFor(() => electron.Notification.instances.find((n) => n.shown && n.title === 'runner is back up'), 'the recovery notification');
});

test('Stop and Start from the tray menu; the menu is rebuilt on every change', async (t) => {
  const { shell, electron } = await startTestShell(t, {
    services: [{ name: 'runner', command: nodeFixture('forever.mjs') }],
  });
  const tray = trayOf(electron);
  const pid = await waitFor(() => runnerOf(shell)?.state === 'running' && runnerOf(shell)?.pid, 'runner running');
  tray.menuItem(/runner/, 'Stop').click?.();
  await waitFor(() => tray.image === trayIcon('idle') && /runner — stopped/.test(tray.menuItem(/runner/).label ?? ''), 'the tray grey with runner stopped');
  assert.equal(isAlive(pid), false, 'the process is gone');
  assert.equal(tray.toolTip, 'Upkeep: nothing running');
  tray.menuItem(/runner/, 'Start').click?.();
  await waitFor(() => tray.image === trayIcon('up') && runnerOf(shell)?.state === 'running', 'runner running again');
});
