/** Hand edits of config.json while a real engine runs: applied within a second, or refused and kept byte for byte. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { ApiError, type Events, type ServiceStatus } from '../../app/api.ts';
import type { ServiceSpec } from '../../app/config/schema.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { recordEvents, waitFor } from '../support/wait.ts';

function writeServices(file: string, services: ServiceSpec[]): void {
  writeFileSync(file, `${JSON.stringify({ schemaVersion: 1, services }, null, 2)}\n`);
}

async function statusOf(engine: { list(p: object): Promise<{ services: ServiceStatus[] }> }, name: string): Promise<ServiceStatus | undefined> {
  return (await engine.list({})).services.find((s) => s.name === name);
}

const runningPid = (engine: Parameters<typeof statusOf>[0], name: string, not?: number) => async (): Promise<number | null> => {
  const status = await statusOf(engine, name);
  return status?.state === 'running' && status.pid !== null && status.pid !== not ? status.pid : null;
};

test('a valid hand edit applies within 1 s: changed services restart, only those; new ones start; removed ones stop', async (t) => {
  const [a, b, c, d] = ['edit-a', 'edit-b', 'edit-c', 'edit-d'].map(uniqueName) as [string, string, string, string];
  const specs: ServiceSpec[] = [a, b, c].map((name) => ({ name, command: nodeFixture('forever.mjs') }));
  const { engine, dataDir } = await engineWith(t, specs);
  const file = dataPaths(dataDir).config;
  const pids = await Promise.all([a, b, c].map((name) => waitFor(runningPid(engine, name), `${name} running`)));
  const [pidA, pidB, pidC] = pids as [number, number, number];

  const { events, stop } = recordEvents(engine);
  t.after(stop);
  const editedAt = Date.now();
  writeServices(file, [
    { name: a, command: nodeFixture('forever.mjs'), env: { EDITED: '1' } },
    // A field read afresh at each decision: applied without a restart.
    { name: b, command: nodeFixture('forever.mjs'), restart: 'on-failure' },
    { name: d, command: nodeFixture('forever.mjs') },
  ]);
  const newA = await waitFor(runningPid(engine, a, pidA), `${a} restarted with the new env`, 5_000, 10);
  const newD = await waitFor(runningPid(engine, d), `${d} started`, 5_000, 10);
  await waitFor(async () => (await statusOf(engine, c)) === undefined, `${c} removed`, 5_000, 10);
  // Applied within a second: each affected service began its change by then (a stop takes what the service takes).
  for (const name of [a, c, d]) {
    const first = events.find((e) => e.status.name === name && e.entry !== null && e.entry.at >= editedAt);
    const took = (first?.entry?.at ?? Infinity) - editedAt;
    assert.ok(took < 1_000, `${name}: change began ${took} ms after the edit`);
  }
  assert.equal(events.some((e) => e.status.name === b && e.entry?.to === 'stopping'), false, `${b} was not restarted`);

  assert.notEqual(newA, pidA);
  assert.match(readFileSync(`/proc/${newA}/environ`, 'utf8'), /(^|\0)EDITED=1\0/);
  const statusB = await statusOf(engine, b);
  assert.equal(statusB?.pid, pidB, 'an unchanged process keeps running');
  assert.equal(statusB?.spec.restart, 'on-failure');
  assert.ok(newD > 0);
  assert.throws(() => process.kill(pidC, 0), 'the removed service was stopped');
  // The engine's own writes come back through the watch too, and change nothing.
  await engine.updateService({ spec: { name: b, command: nodeFixture('forever.mjs'), restart: 'never' } });
  await engine.reload({});
  assert.equal((await statusOf(engine, b))?.pid, pidB);
});

test('an invalid hand edit changes nothing, is kept byte for byte, and names the file, service and field everywhere; a later valid edit clears it', async (t) => {
  const web = uniqueName('web');
  const spec: ServiceSpec = { name: web, command: nodeFixture('forever.mjs') };
  const { engine, dataDir } = await engineWith(t, [spec]);
  const file = dataPaths(dataDir).config;
  const pid = await waitFor(runningPid(engine, web), `${web} running`);
  const notices: Array<Events['notice']> = [];
  const off = engine.on('notice', (notice) => notices.push(notice));
  t.after(off);

  const bad = `{\n  "services": [\n    { "name": "${web}", "command": ["node"], "health": { "kind": "http", "url": "localhost:8080/health" } }\n  ]\n}\n`;
  writeFileSync(file, bad);
  const field = new RegExp(`config\\.json: service "${web}" \\(services\\.0\\): health\\.url: must start with http://`);
  await waitFor(() => field.test(engine.info().configError ?? ''), 'the error in the engine info', 5_000, 10);

  const status = await statusOf(engine, web);
  assert.equal(status?.pid, pid, 'the running definition stays');
  assert.deepEqual(status?.spec, spec);
  assert.equal(status?.problem?.kind, 'config');
  assert.match(status?.problem?.kind === 'config' ? status.problem.message : '', field);
  assert.ok(notices.some((n) => n.level === 'error' && field.test(n.message)), 'a notice says so');
  await assert.rejects(engine.reload({}), (error: unknown) => error instanceof ApiError && error.code === 'bad-request' && field.test(error.message));
  await assert.rejects(engine.updateService({ spec: { ...spec, env: { A: '1' } } }), (error: unknown) => error instanceof ApiError && error.code === 'conflict');
  assert.equal(readFileSync(file, 'utf8'), bad, 'the file is never rewritten');
  assert.equal(notices.filter((n) => n.level === 'error').length, 1, 'one notice per distinct error, not one per look');

  writeServices(file, [{ ...spec, env: { FIXED: '1' } }]);
  const restarted = await waitFor(runningPid(engine, web, pid), 'the fixed definition applied', 5_000, 10);
  assert.equal(engine.info().configError, null);
  assert.equal((await statusOf(engine, web))?.problem, null);
  assert.match(readFileSync(`/proc/${restarted}/environ`, 'utf8'), /(^|\0)FIXED=1\0/);
});

test('a file that is missing for a moment (an editor replacing it) stops nothing', async (t) => {
  const web = uniqueName('web');
  const { engine, dataDir } = await engineWith(t, [{ name: web, command: nodeFixture('forever.mjs') }]);
  const file = dataPaths(dataDir).config;
  const pid = await waitFor(runningPid(engine, web), `${web} running`);
  const bytes = readFileSync(file);
  const { rmSync } = await import('node:fs');
  rmSync(file);
  await assert.rejects(engine.reload({}), /is missing; nothing was changed/);
  writeFileSync(file, bytes);
  await engine.reload({});
  assert.equal((await statusOf(engine, web))?.pid, pid);
});

test('a hand-pasted definition with an older version\'s assignedPort is accepted and the port moved into run state', async (t) => {
  const web = uniqueName('web');
  const { engine, dataDir } = await engineWith(t, []);
  const file = dataPaths(dataDir).config;
  const [configured, assigned] = await Promise.all([freePort(), freePort()]);
  writeFileSync(file, JSON.stringify({ services: [{ name: web, command: nodeFixture('forever.mjs'), port: configured, assignedPort: assigned }] }));
  await waitFor(runningPid(engine, web), `${web} running`, 5_000, 10);
  const status = await statusOf(engine, web);
  assert.equal(engine.info().configError, null);
  assert.equal(status?.port, assigned);
  assert.equal(status?.configuredPort, configured);
  await waitFor(() => !readFileSync(file, 'utf8').includes('assignedPort'), 'the file without run state', 5_000, 10);
});
