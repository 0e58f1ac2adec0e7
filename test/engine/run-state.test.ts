import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineWith, nodeFixture } from '../support/engine.ts';
import { tempHome } from '../support/temp-home.ts';
import { nextServiceEvent, waitFor } from '../support/wait.ts';
import { canConnect, foreignHolder, freePort } from '../support/ports.ts';
import { dataPaths } from '../../app/paths.ts';
import { COMPACT_AT_BYTES, readRunState, writeRunState, type RunState } from '../../app/registry/run-state.ts';

test('after port --auto, editing the port to Q (as the window does) runs the service on Q', async (t) => {
  const port = await freePort();
  await foreignHolder(t, port);
  const { engine, dataDir } = await engineWith(t, [{ name: 'mover', command: nodeFixture('health-server.mjs'), port, portEnv: 'PORT' }]);
  await waitFor(async () => (await engine.list({})).services[0]!.state === 'blocked', 'blocked');
  await engine.setPort({ name: 'mover', auto: true });
  const moved = (await engine.list({})).services[0]!;
  assert.ok(moved.port !== null && moved.port !== port, `moved to ${moved.port}`);

  // The window's form sends back the spec it was shown: run state is not in it.
  assert.equal('assignedPort' in moved.spec, false);
  const q = await freePort();
  const onQ = nextServiceEvent(engine, (e) => e.status.state === 'running' && e.status.port === q, `running on ${q}`);
  await engine.updateService({ spec: { ...moved.spec, port: q } });
  const status = (await onQ).status;
  assert.equal(status.configuredPort, q);
  await waitFor(() => canConnect(q), `listening on ${q}`);
  assert.equal(readRunState(dataPaths(dataDir), 'mover').state.assignedPort, null, 'the reassignment was dropped');
});

test('editing anything but the port keeps a reassigned port', async (t) => {
  const port = await freePort();
  await foreignHolder(t, port);
  const { engine } = await engineWith(t, [{ name: 'keeper', command: nodeFixture('health-server.mjs'), port, portEnv: 'PORT' }]);
  await waitFor(async () => (await engine.list({})).services[0]!.state === 'blocked', 'blocked');
  await engine.setPort({ name: 'keeper', auto: true });
  const moved = (await engine.list({})).services[0]!;
  await engine.updateService({ spec: { ...moved.spec, env: { EXTRA: '1' } } });
  const after = (await engine.list({})).services[0]!;
  assert.equal(after.port, moved.port);
});

test('a config.json with an assignedPort from an older version loads, runs there, and the port moves to run state', async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  const configured = await freePort();
  const assigned = await freePort();
  const original = `${JSON.stringify({ schemaVersion: 1, services: [{ name: 'old', command: nodeFixture('health-server.mjs'), port: configured, portEnv: 'PORT', assignedPort: assigned }] }, null, 2)}\n`;
  writeFileSync(paths.config, original);

  const { engine } = await engineWith(t, [], { dataDir });
  const status = await waitFor(async () => {
    const s = (await engine.list({})).services[0]!;
    return s.state === 'running' && s;
  }, 'running');
  assert.equal(status.port, assigned);
  assert.equal(status.configuredPort, configured);
  await waitFor(() => canConnect(assigned), `listening on ${assigned}`);

  const saved = JSON.parse(readFileSync(paths.config, 'utf8')) as { services: Array<Record<string, unknown>> };
  assert.equal('assignedPort' in saved.services[0]!, false, 'config.json holds only what people wrote');
  assert.equal(saved.services[0]!.port, configured);
  assert.equal(readRunState(paths, 'old').state.assignedPort, assigned);
  const backups = readdirSync(dataDir).filter((f) => f.startsWith('config.json.') && f.endsWith('.bak'));
  assert.equal(backups.length, 1);
  assert.equal(readFileSync(path.join(dataDir, backups[0]!), 'utf8'), original, 'the file as it was is kept');
  assert.ok(engine.info().notices.some((n) => /moved reassigned ports out of/.test(n.message)));
});

test('restart counters and the last exit survive an engine restart (run state, not memory)', async (t) => {
  const dataDir = tempHome(t);
  const first = await engineWith(t, [{ name: 'counted', command: nodeFixture('forever.mjs') }], { dataDir });
  await waitFor(async () => (await first.engine.list({})).services[0]!.pid, 'running');
  await first.engine.restart({ name: 'counted' });
  await first.engine.stop({ name: 'counted' });
  await first.engine.close();
  const second = await engineWith(t, [], { dataDir });
  const status = (await second.engine.list({})).services[0]!;
  assert.equal(status.restarts, 1);
  assert.ok(status.lastExit, 'the last exit is remembered');
});

test("a crash loop's count reaches state/<name>.json with the engine still running, and a removed service leaves none", async (t) => {
  const { engine, dataDir } = await engineWith(t, [{ name: 'looping', command: nodeFixture('exit-after.mjs', '30', '1') }]);
  const paths = dataPaths(dataDir);
  await waitFor(async () => (await engine.list({})).services[0]!.restarts >= 3, 'three restarts');
  await engine.stop({ name: 'looping' });
  const counted = (await engine.list({})).services[0]!.restarts;
  // Written at the end of the turn that changed it, not only when the engine closes.
  await waitFor(() => readRunState(paths, 'looping').state.restarts === counted, `${counted} restarts in the file`, 3_000);
  assert.ok(readRunState(paths, 'looping').state.lastExit, 'the last exit is in the file');

  await engine.start({ name: 'looping' });
  await waitFor(async () => (await engine.list({})).services[0]!.restarts > counted, 'crashing again');
  await engine.removeService({ name: 'looping' });
  // Nothing of it comes back after the removal. (A write pending at the removal itself, which
  // runner.discard() cancels, is a same-turn race this API cannot line up on purpose.)
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(existsSync(paths.runState('looping')), false);
});

const sample = (restarts: number): RunState => ({ assignedPort: 7000 + restarts, restarts, runs: 0, lastExit: { code: 1, signal: null, at: 1_700_000_000_000 + restarts } });

test('an engine killed mid-write leaves the state before it: a torn last line is skipped, and the next write reads whole', (t) => {
  const paths = dataPaths(tempHome(t));
  writeRunState(paths, 'torn', sample(1));
  writeRunState(paths, 'torn', sample(2));
  const whole = readFileSync(paths.runState('torn'), 'utf8');
  // What a kill between two write()s of the third change would leave.
  appendFileSync(paths.runState('torn'), `\n${JSON.stringify(sample(3)).slice(0, 25)}`);
  assert.deepEqual(readRunState(paths, 'torn'), { state: sample(2), warning: null });

  writeRunState(paths, 'torn', sample(4));
  assert.deepEqual(readRunState(paths, 'torn'), { state: sample(4), warning: null });
  assert.ok(readFileSync(paths.runState('torn'), 'utf8').startsWith(whole), 'earlier lines are left as they were');
});

test('run state written by an older version (one pretty-printed object) reads, and a change after it wins', (t) => {
  const paths = dataPaths(tempHome(t));
  mkdirSync(paths.stateDir, { recursive: true });
  writeFileSync(paths.runState('legacy'), `${JSON.stringify(sample(5), null, 2)}\n`);
  assert.deepEqual(readRunState(paths, 'legacy'), { state: sample(5), warning: null });
  writeRunState(paths, 'legacy', sample(6));
  assert.deepEqual(readRunState(paths, 'legacy'), { state: sample(6), warning: null });
});

test('a long crash loop keeps state/<name>.json small: past its bound it is rewritten with the last state alone', (t) => {
  const paths = dataPaths(tempHome(t));
  let largest = 0;
  for (let restarts = 0; restarts < 1_000; restarts += 1) {
    writeRunState(paths, 'long', sample(restarts));
    largest = Math.max(largest, statSync(paths.runState('long')).size);
  }
  assert.ok(largest <= COMPACT_AT_BYTES + 200, `at most ${COMPACT_AT_BYTES} bytes and one line (largest ${largest})`);
  assert.deepEqual(readRunState(paths, 'long').state, sample(999));
  assert.equal((statSync(paths.runState('long')).mode & 0o777).toString(8), '600');
});

test('a run-state file that is not run state is named and left as it is', (t) => {
  const paths = dataPaths(tempHome(t));
  mkdirSync(paths.stateDir, { recursive: true });
  writeFileSync(paths.runState('odd'), 'not json\n');
  const read = readRunState(paths, 'odd');
  assert.deepEqual(read.state, { assignedPort: null, restarts: 0, runs: 0, lastExit: null });
  assert.match(read.warning ?? '', /odd\.json: .*starting from defaults/s);
  assert.equal(readFileSync(paths.runState('odd'), 'utf8'), 'not json\n');
});
