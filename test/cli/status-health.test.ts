/** `upkeep status NAME` against a real daemon: the last health check's conditions and components, in words and as one JSON object. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceStatus } from '../../app/api.ts';
import { dataPaths } from '../../app/paths.ts';
import { fixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

async function statusOne(home: string, name: string): Promise<ServiceStatus> {
  const result = await runCli(home, ['status', name, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as ServiceStatus | ServiceStatus[];
  assert.ok(!Array.isArray(parsed), 'status NAME --json prints one object, not a list');
  return parsed;
}

test('status NAME shows which condition and which component of the health body failed; --json prints that service alone', async (t) => {
  const home = tempHome(t);
  const stateFile = path.join(home, 'runner-state');
  const port = await freePort();
  fs.writeFileSync(
    dataPaths(home).config,
    JSON.stringify({
      services: [
        {
          name: 'runner',
          command: [process.execPath, fixture('health-server.mjs'), stateFile],
          port,
          health: {
            kind: 'http',
            url: 'http://127.0.0.1:{port}/health',
            json: [
              { path: 'overall_status', equals: 'operational' },
              { path: 'components.runner', equals: 'up' },
            ],
            intervalMs: 200,
            startGraceMs: 0,
            failureThreshold: 2,
          },
          restartOnUnhealthy: false,
        },
        { name: 'plain', command: [process.execPath, fixture('forever.mjs')] },
      ],
    }),
  );
  const daemon = new CliProcess(t, home, ['daemon']);
  await daemon.waitForOutput(/upkeep engine running/);
  const pids: number[] = [];
  killAtEnd(t, () => pids);

  const healthy = await waitFor(async () => {
    const status = await statusOne(home, 'runner');
    if (status.pid !== null) pids.push(status.pid);
    return status.health === 'healthy' ? status : null;
  }, 'runner healthy', 10_000);
  assert.equal(healthy.healthDetail?.ok, true);
  assert.equal(healthy.healthDetail?.httpStatus, 200);
  assert.deepEqual(healthy.healthDetail?.conditions.map((c) => c.ok), [true, true]);
  assert.equal(healthy.healthDetail?.components['components.runner'], 'up');

  fs.writeFileSync(stateFile, 'degraded');
  const sick = await waitFor(async () => {
    const status = await statusOne(home, 'runner');
    return status.health === 'unhealthy' ? status : null;
  }, 'runner unhealthy', 10_000);
  const detail = sick.healthDetail;
  assert.ok(detail);
  assert.equal(detail.ok, false);
  assert.equal(detail.summary, 'overall_status is "degraded", expected "operational"; components.runner is "down", expected "up"');
  assert.deepEqual(detail.conditions, [
    { path: 'overall_status', expected: 'operational', actual: 'degraded', found: true, ok: false },
    { path: 'components.runner', expected: 'up', actual: 'down', found: true, ok: false },
  ]);
  assert.deepEqual(detail.components, { overall_status: 'degraded', 'components.runner': 'down', port });
  assert.ok(detail.body?.includes('"overall_status":"degraded"'));
  assert.ok(detail.latencyMs !== null && detail.latencyMs < 2_000);

  const text = await runCli(home, ['status', 'runner']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^runner\s+running\s+unhealthy/m);
  assert.match(text.stdout, /failing: overall_status is "degraded", expected "operational"; components.runner is "down", expected "up"/);
  assert.match(text.stdout, /FAIL components\.runner is "down", expected "up"/);
  assert.match(text.stdout, /^\s+components\.runner\s+"down"$/m);
  assert.doesNotMatch(text.stdout, /^plain/m, 'only the service asked for');

  const plain = await runCli(home, ['status', 'plain']);
  assert.match(plain.stdout, /health: no check defined/);

  // No name: still the whole list, as an array.
  const all = await runCli(home, ['status', '--json']);
  const list = JSON.parse(all.stdout) as ServiceStatus[];
  assert.ok(Array.isArray(list));
  pids.push(...list.flatMap((s) => (s.pid === null ? [] : [s.pid])));
  assert.deepEqual(list.map((s) => s.name).sort(), ['plain', 'runner']);
  assert.equal(list.find((s) => s.name === 'plain')?.healthDetail, null);

  const missing = await runCli(home, ['status', 'nosuch']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no service named "nosuch"/);
});
