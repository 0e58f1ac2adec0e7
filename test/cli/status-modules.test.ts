/**
 * `upkeep status` is what scripts and status bars poll, and each call pays for
 * the modules it loads. An ES import of a built-in reads every export, so
 * `node:util`'s lazy ones load their modules (about 7 ms); reading
 * `process.stdin` builds a stream that only a question needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceStatus } from '../../app/api.ts';
import { fixture } from '../support/engine.ts';
import { tempHome } from '../support/temp-home.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

test('upkeep status loads neither the lazy parts of built-ins it imports nor a stdin stream', async (t) => {
  const home = tempHome(t);
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const added = await runCli(home, ['add', 'web', '--no-autostart', '--', process.execPath, fixture('forever.mjs')]);
  assert.equal(added.code, 0, added.stderr);

  const listFile = path.join(home, 'modules.json');
  const env = { NODE_OPTIONS: `--import=${pathToFileURL(fixture('module-list.mjs')).href}`, MODULE_LIST_FILE: listFile };
  const status = await runCli(home, ['status', '--json'], { env });
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual((JSON.parse(status.stdout) as ServiceStatus[]).map((s) => s.name), ['web']);

  const written = fs.readdirSync(home).filter((name) => name.startsWith('modules.json.'));
  assert.equal(written.length, 1, written.join(', '));
  const loaded = JSON.parse(fs.readFileSync(path.join(home, written[0] as string), 'utf8')) as string[];
  // The call did ask the engine, over its socket.
  assert.ok(loaded.includes('NativeModule net'), loaded.join('\n'));
  for (const name of ['NativeModule internal/util/diff', 'NativeModule worker_threads', 'NativeModule internal/fs/streams']) {
    assert.ok(!loaded.includes(name), `upkeep status loaded ${name}`);
  }
});
