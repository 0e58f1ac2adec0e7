/**
 * A real engine, a real http service and the shell's notifications through
 * the electron double: when the service turns unhealthy, the notification
 * says which component of its /health body is down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { startTestShell } from './helpers/shell-harness.ts';

test('turning unhealthy is told at once, and the notification names the failing component', async (t) => {
  const stateFile = path.join(tempHome(t), 'state');
  const { shell, electron } = await startTestShell(t, {
    services: [
      {
        name: 'runner',
        command: [process.execPath, fixture('health-server.mjs'), stateFile],
        port: await freePort(),
        health: {
          kind: 'http',
          url: 'http://127.0.0.1:{port}/health',
          json: [{ path: 'components.runner', equals: 'up' }],
          intervalMs: 150,
          // Failures while it starts listening do not count; its first success ends the grace.
          startGraceMs: 5_000,
          failureThreshold: 2,
        },
        restartOnUnhealthy: false,
      },
    ],
  });
  await waitFor(() => shell.current().services.find((s) => s.name === 'runner')?.health === 'healthy', 'runner healthy');
  assert.deepEqual(electron.Notification.instances.filter((n) => n.shown).map((n) => `${n.title}: ${n.body}`), [], 'healthy at first sight is no news');

  writeFileSync(stateFile, 'degraded');
  const notice = await waitFor(
    () => electron.Notification.instances.find((n) => n.shown && n.title === 'runner is unhealthy'),
    'the unhealthy notification',
    5_000,
  );
  assert.equal(notice.body, 'components.runner is "down", expected "up"');
  const status = shell.current().services.find((s) => s.name === 'runner');
  assert.equal(status?.healthDetail?.components['components.runner'], 'down', 'the shell got the detail with the status');
});
