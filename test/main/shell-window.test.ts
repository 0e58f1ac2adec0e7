/**
 * The window and the browser-side hardening: closing hides, the page cannot
 * leave our renderer or open windows, permissions are denied, a strict CSP is
 * sent, and only URLs the app built open in the browser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { nodeFixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { waitFor } from '../support/wait.ts';
import { createFakeElectron } from '../mocks/electron.ts';
import { startTestShell, trayOf, windowOf } from './helpers/shell-harness.ts';

test('the window is isolated, sandboxed and without Node; it shows when ready and only hides on close', async (t) => {
  const { electron, rendererIndex } = await startTestShell(t);
  const window = windowOf(electron);
  assert.deepEqual(
    {
      contextIsolation: window.options.webPreferences.contextIsolation,
      sandbox: window.options.webPreferences.sandbox,
      nodeIntegration: window.options.webPreferences.nodeIntegration,
      nodeIntegrationInSubFrames: window.options.webPreferences.nodeIntegrationInSubFrames,
      webSecurity: window.options.webPreferences.webSecurity,
      webviewTag: window.options.webPreferences.webviewTag,
      allowRunningInsecureContent: window.options.webPreferences.allowRunningInsecureContent,
    },
    { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false },
  );
  assert.match(window.options.webPreferences.preload, /preload\.cjs$/);
  assert.deepEqual(window.loads[0], { file: rendererIndex });
  await waitFor(() => window.visible, 'the window shown once ready');

  assert.equal(window.close(), false, 'closing is refused…');
  assert.equal(window.visible, false, '…and hides the window instead');
  assert.equal(window.isDestroyed(), false);
  trayOf(electron).menuItem('Open Upkeep').click?.();
  assert.equal(window.visible, true, 'Open Upkeep brings it back');
});

test('started at login (--hidden), the window stays hidden; a second launch shows it', async (t) => {
  const { electron } = await startTestShell(t, { argv: ['--hidden'] });
  const window = windowOf(electron);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(window.visible, false);
  electron.app.emit('second-instance');
  assert.equal(window.visible, true);
});

test('Logs in the tray menu shows the window on that service\'s logs', async (t) => {
  const { electron, rendererIndex } = await startTestShell(t, { services: [{ name: 'runner', command: nodeFixture('forever.mjs') }] });
  trayOf(electron).menuItem(/runner/, 'Logs').click?.();
  const window = windowOf(electron);
  await waitFor(() => window.loads.length === 2, 'the logs view loaded');
  assert.deepEqual(window.loads[1], { file: rendererIndex, hash: 'logs/runner' });
  assert.equal(window.visible, true);
});

test('window bounds are remembered across runs', async (t) => {
  const first = await startTestShell(t);
  windowOf(first.electron).setBounds({ x: 40, y: 50, width: 900, height: 600 });
  await first.shell.engine.close();
  const electron = createFakeElectron();
  await startTestShell(t, { dataDir: first.dataDir, electron });
  const options = windowOf(electron).options;
  assert.deepEqual([options.x, options.y, options.width, options.height], [40, 50, 900, 600]);
});

test('the page cannot navigate away, open windows or attach webviews; permissions are denied; the CSP header is strict', async (t) => {
  const { electron, rendererIndex } = await startTestShell(t);
  const contents = windowOf(electron).webContents;
  assert.equal(contents.tryNavigate('https://example.com/'), false);
  assert.equal(contents.tryNavigate('file:///etc/passwd'), false);
  assert.equal(contents.tryNavigate('https://example.com/', 'will-redirect'), false);
  assert.equal(contents.tryNavigate(`${pathToFileURL(rendererIndex).href}#logs/runner`), true, 'our own page, another view');
  assert.equal(contents.tryOpenWindow('https://example.com/'), 'deny');
  assert.equal(contents.tryAttachWebview(), false);
  // Every webContents, not just our window's (devtools, a stray child window).
  const other = electron.createWebContents();
  assert.equal(other.tryNavigate('https://example.com/'), false);
  assert.equal(other.tryOpenWindow('https://example.com/'), 'deny');

  const session = electron.session.defaultSession;
  for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
    let granted: boolean | null = null;
    session.permissionRequest?.(contents, permission, (answer) => (granted = answer));
    assert.equal(granted, false, permission);
    assert.equal(session.permissionCheck?.(contents, permission), false, permission);
  }
  let headers: Record<string, string[]> | undefined;
  session.headersListener?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (headers = response.responseHeaders));
  const csp = headers?.['Content-Security-Policy'];
  assert.equal(csp?.length, 1);
  assert.match(csp?.[0] ?? '', /^default-src 'none'; script-src 'self';/);
  assert.match(csp?.[0] ?? '', /object-src 'none'/);
  assert.doesNotMatch(csp?.[0] ?? '', /unsafe-(inline|eval)|\*/);
  assert.deepEqual(headers?.['Content-Type'], ['text/html'], 'the other headers are kept');
});

test('only http URLs the app built for a service open in the browser', async (t) => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const { electron, shell } = await startTestShell(t, {
    services: [{ name: 'web', command: nodeFixture('forever.mjs'), port, portEnv: 'PORT' }],
  });
  await waitFor(() => shell.current().services[0]?.state === 'running', 'web running');
  const contents = windowOf(electron).webContents;
  contents.tryOpenWindow(url);
  contents.tryOpenWindow('file:///etc/passwd');
  contents.tryOpenWindow('https://example.com/');
  contents.tryOpenWindow(`http://127.0.0.1:${port + 1}/`);
  contents.tryOpenWindow('smb://host/share');
  trayOf(electron).menuItem(/web/, `Open ${url}`).click?.();
  trayOf(electron).menuItem(/web/, 'Copy URL').click?.();
  await waitFor(() => electron.shell.opened.length === 2, 'two URLs opened');
  assert.deepEqual(electron.shell.opened, [url, url]);
  assert.equal(electron.clipboard.text, url);
});
