import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('npm start without a display says why in one line and opens the window in the browser instead', async (t) => {
  const home = tempHome(t);
  const env: NodeJS.ProcessEnv = { ...process.env, UPKEEP_HOME: home, UPKEEP_RIVALS: 'off', PATH: `${path.join(home, 'no-browser')}:${process.env.PATH ?? ''}` };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  killAtEnd(t, () => [child.pid]);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await waitFor(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1], 'the dashboard URL', 20_000);
  assert.equal(out.split('\n')[0], 'upkeep: no display to show the desktop app on (DISPLAY is not set); opening the window in your browser instead (upkeep serve --open)');
  assert.doesNotMatch(err, /Electron failed to install|at .*\.js:\d+/, 'no stack trace');
  const page = await fetch(url);
  assert.equal(page.status, 200);
  // The first run seeds the example services: stop them before the engine goes (it would leave them running).
  const stopped = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'upkeep.mjs'), 'stop', 'all'], { env, encoding: 'utf8' });
  assert.equal(stopped.status, 0, stopped.stderr);
  child.kill('SIGTERM');
  await waitFor(() => !isAlive(child.pid!), 'the engine to stop', 15_000);
});
