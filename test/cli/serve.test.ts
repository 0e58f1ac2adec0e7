/** `upkeep serve`: the daemon plus the dashboard, whose printed URL (with its token) is the way in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dataPaths } from '../../app/paths.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

test('serve prints a 127.0.0.1 URL whose token opens the dashboard; the CLI still talks to the same engine; SIGINT ends it', async (t) => {
  const home = tempHome(t);
  const serve = new CliProcess(t, home, ['serve', '--no-examples']);
  const [, url, port] = await serve.waitForOutput(/dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)\n/);
  await serve.waitForOutput(/upkeep engine running/);
  assert.ok(url);

  const withoutToken = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(withoutToken.status, 401);
  const withToken = await fetch(url);
  assert.ok(withToken.status !== 401 && withToken.status !== 403, `the printed URL is let in (got ${withToken.status})`);

  const status = await runCli(home, ['status', '--json']);
  assert.equal(status.code, 0);
  assert.equal(status.stderr, '', 'the CLI reached the engine that serve runs');

  serve.child.kill('SIGINT');
  assert.deepEqual(await serve.exited, { code: 0, signal: null });
  if (process.platform !== 'win32') assert.equal(fs.existsSync(dataPaths(home).socket), false, 'the control socket is removed');
  await assert.rejects(fetch(url), 'the dashboard is closed');
});

test('serve --open hands the URL to the platform opener', { skip: process.platform !== 'linux' }, async (t) => {
  const home = tempHome(t);
  // A stand-in xdg-open first on PATH records what it was asked to open.
  const bin = fs.mkdtempSync(path.join(home, 'bin-'));
  const opened = path.join(home, 'opened.txt');
  fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
  const serve = new CliProcess(t, home, ['serve', '--open', '--no-examples'], { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });
  const [, url] = await serve.waitForOutput(/dashboard: (\S+)\n/);
  assert.equal(await waitFor(() => fs.existsSync(opened) && fs.readFileSync(opened, 'utf8'), 'the opener to run'), url);
  serve.child.kill('SIGTERM');
  assert.deepEqual(await serve.exited, { code: 0, signal: null });
});
