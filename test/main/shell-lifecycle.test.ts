/**
 * Starting and quitting: one instance, quitting with services left running
 * (adopted by the next engine) or stopped, the CLI shutting the app's engine
 * down, and taking over from a headless `upkeep daemon`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connectControl } from '../../app/control/client.ts';
import { startEngine } from '../../app/engine/index.ts';
import { dataPaths } from '../../app/paths.ts';
import { FAST_TIMING, nodeFixture } from '../support/engine.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { createFakeElectron } from '../mocks/electron.ts';
import { startTestShell, trayOf, tryStartTestShell, windowOf } from './helpers/shell-harness.ts';
import { assertBuilt, CliProcess, runCli } from '../cli/cli-process.ts';

const runner = { name: 'runner', command: nodeFixture('forever.mjs') };
const LEAVE_RUNNING = 0;
const STOP_SERVICES = 1;
const CANCEL = 2;

test('a second instance quits at once and starts no engine', async (t) => {
  const electron = createFakeElectron();
  electron.app.singleInstance = false;
  const dataDir = tempHome(t);
  const { shell } = await tryStartTestShell(t, { electron, dataDir });
  assert.equal(shell, null);
  assert.equal(electron.app.quitted, true);
  assert.equal(existsSync(dataPaths(dataDir).lock), false, 'no engine lock taken');
  assert.equal(electron.Tray.instances.length, 0);
});

test('Quit → Leave Running: the app ends, the service keeps running, and the next engine adopts the same pid', async (t) => {
  const { shell, electron, dataDir } = await startTestShell(t, { services: [runner] });
  const pid = await waitFor(() => shell.current().services[0]?.state === 'running' && shell.current().services[0]?.pid, 'runner running');
  electron.dialog.answer = (options) => {
    assert.deepEqual(options.buttons, ['Leave Running', 'Stop Services', 'Cancel']);
    assert.match(options.detail ?? '', /1 service is running/);
    return LEAVE_RUNNING;
  };
  trayOf(electron).menuItem('Quit Upkeep…').click?.();
  await shell.closed;
  assert.equal(electron.app.quitted, true);
  assert.equal(trayOf(electron).destroyed, true);
  assert.equal(windowOf(electron).isDestroyed(), true);
  assert.equal(existsSync(dataPaths(dataDir).lock), false, 'the lock is released');
  assert.ok(isAlive(pid), 'the service outlives the app');

  const next = await startEngine({ dataDir, timing: FAST_TIMING });
  t.after(() => next.close({ stopServices: true }));
  const adopted = (await next.list({})).services[0];
  assert.equal(adopted?.pid, pid);
  assert.equal(adopted?.adopted, true);
  assert.equal(adopted?.state, 'running');
});

test('Quit → Stop Services stops them; Cancel keeps the app running', async (t) => {
  const { shell, electron } = await startTestShell(t, { services: [runner] });
  const pid = await waitFor(() => shell.current().services[0]?.state === 'running' && shell.current().services[0]?.pid, 'runner running');
  electron.dialog.answer = () => CANCEL;
  electron.app.quit();
  await waitFor(() => electron.dialog.shown.length === 1, 'the question');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(electron.app.quitted, false);
  assert.equal(windowOf(electron).close(), false, 'after Cancel, closing the window still only hides it');

  electron.dialog.answer = () => STOP_SERVICES;
  electron.app.quit();
  await shell.closed;
  assert.equal(electron.app.quitted, true);
  await waitFor(() => !isAlive(pid), 'the service stopped');
});

test('with nothing running, Quit does not ask', async (t) => {
  const { shell, electron } = await startTestShell(t);
  electron.app.quit();
  await shell.closed;
  assert.equal(electron.dialog.shown.length, 0);
  assert.equal(electron.app.quitted, true);
});

test('the CLI sees the app\'s engine over the control socket, and its shutdown ends the app', async (t) => {
  const { shell, electron, dataDir } = await startTestShell(t, { services: [runner] });
  const pid = await waitFor(() => shell.current().services[0]?.state === 'running' && shell.current().services[0]?.pid, 'runner running');
  const client = await connectControl(dataPaths(dataDir).socket);
  const list = await client.call('list', {});
  assert.equal(list.engine.pid, process.pid, 'the CLI talks to the engine inside the app');
  assert.equal(list.services[0]?.pid, pid);
  await client.call('shutdown', { stopServices: false });
  client.close();
  await shell.closed;
  assert.equal(electron.app.quitted, true);
  assert.equal(electron.dialog.shown.length, 0, 'no question: the engine is already gone');
  assert.ok(isAlive(pid));
  killAtEnd(t, () => [pid]);
});

test('a headless `upkeep daemon` holds the lock: the app offers to take over, it exits, and its service is adopted (same pid)', async (t) => {
  assertBuilt();
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const added = await runCli(home, ['add', 'runner', '--', ...runner.command]);
  assert.equal(added.code, 0, added.stderr);
  const client = await connectControl(dataPaths(home).socket);
  const pid = await waitFor(async () => {
    const s = (await client.call('list', {})).services[0];
    return s?.state === 'running' && s.pid;
  }, 'runner running under the daemon');
  client.close();
  killAtEnd(t, () => [pid]);

  const electron = createFakeElectron();
  electron.dialog.answer = (options) => {
    assert.match(options.message, /already running/);
    assert.match(options.detail ?? '', new RegExp(`pid ${daemon.pid}`));
    assert.deepEqual(options.buttons, ['Take Over', 'Quit']);
    return 0;
  };
  const { shell } = await startTestShell(t, { dataDir: home, electron });
  const exit = await daemon.exited;
  assert.equal(exit.code, 0, 'the daemon exited cleanly');
  const status = shell.current().services[0];
  assert.equal(status?.pid, pid, 'same pid');
  assert.equal(status?.adopted, true);
  assert.equal(status?.state, 'running');
  assert.equal(shell.engine.info().pid, process.pid);
  // And the CLI now reaches the app's engine.
  const status2 = await runCli(home, ['status']);
  assert.equal(status2.code, 0, status2.stderr);
  assert.match(status2.stdout, /runner/);
});

test('declining the take-over quits the app and leaves the daemon alone', async (t) => {
  assertBuilt();
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const electron = createFakeElectron();
  electron.dialog.answer = () => 1;
  const { shell } = await tryStartTestShell(t, { dataDir: home, electron });
  assert.equal(shell, null);
  assert.equal(electron.app.quitted, true);
  assert.ok(isAlive(daemon.pid), 'the daemon still runs');
  assert.equal(electron.Tray.instances.length, 0);
});
