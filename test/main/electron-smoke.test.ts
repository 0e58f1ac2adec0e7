/**
 * The real app, driven by Playwright's `_electron`. Runs only where the
 * Electron binary is installed (node_modules/electron/dist, with its path in
 * node_modules/electron/path.txt); this machine cannot download it, so here
 * it skips. Never call require('electron') to find out: that downloads it.
 *
 * Needs `npm run build` first, and a display (xvfb-run on a headless Linux).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { tempHome } from '../support/temp-home.ts';
import { killAtEnd } from '../support/processes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'node_modules/electron/path.txt is missing (the Electron binary was never downloaded)' };
  const executable = path.join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { missing: `${executable} is missing` };
  return { path: executable };
}

const binary = electronBinary();
const skip = 'missing' in binary ? `no Electron binary here: ${binary.missing}. The smoke test runs where npm install could fetch Electron.` : false;

test('the packaged shell starts: a hardened window with exactly the Bridge, talking to the engine', { skip, timeout: 90_000 }, async (t) => {
  assert.ok(!('missing' in binary));
  assert.ok(existsSync(path.join(ROOT, 'dist', 'main.mjs')), 'run npm run build first');
  const home = tempHome(t);
  const xdg = tempHome(t);
  // An empty config that says the examples were offered already: nothing starts, so quitting asks nothing.
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ services: [], settings: { examplesSeeded: true } }));
  const args = [ROOT];
  // Chromium refuses to run as root with its sandbox (containers, CI).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const app = await _electron.launch({
    executablePath: binary.path,
    args,
    env: { ...process.env, UPKEEP_HOME: home, XDG_CONFIG_HOME: xdg },
    timeout: 60_000,
  });
  killAtEnd(t, () => [app.process().pid]);
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');

  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      bridge: Object.keys((w.upkeep as object | undefined) ?? {}).sort(),
      require: typeof w.require,
      process: typeof w.process,
      ipcRenderer: typeof w.ipcRenderer,
    };
  });
  assert.ok(globals.bridge.includes('list') && globals.bridge.includes('on'), `window.upkeep: ${globals.bridge.join(', ')}`);
  assert.equal(globals.require, 'undefined');
  assert.equal(globals.process, 'undefined');
  assert.equal(globals.ipcRenderer, 'undefined');

  const list = await page.evaluate(async () => {
    const upkeep = (window as unknown as { upkeep: { list(p: object): Promise<{ engine: { dataDir: string }; services: unknown[] }> } }).upkeep;
    return upkeep.list({});
  });
  assert.equal(list.engine.dataDir, home);
  assert.deepEqual(list.services, []);

  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  // window.open is denied: no second window appears.
  assert.equal(await page.evaluate(() => window.open('https://example.com/') === null), true);
  assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), windows);

  await app.close();
});
