import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exitedMarker, parseMarker, startedMarker } from '../../app/shared/log-markers.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, nodeFixture, uniqueName } from '../support/engine.ts';
import { waitFor } from '../support/wait.ts';

const STARTED = /^--- upkeep \d{4}-\d\d-\d\d \d\d:\d\d:\d\d started pid (\d+)( \(restart (\d+) after ([^)]+)\))? ---$/;
const EXITED = /^--- upkeep \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (exited code \d+|killed by SIG[A-Z]+) after [\d.]+ s ---$/;

test('the engine marks each start (with its pid, the restart count and what ended the run before) and each exit in the log', async (t) => {
  const name = uniqueName('marked');
  const { engine, dataDir } = await engineWith(t, [{ name, command: nodeFixture('exit-after.mjs', '100', '3') }], {
    timing: { firstBackoffMs: 50, maxBackoffMs: 50, crashLoopCount: 50 },
  });
  await waitFor(async () => (await engine.list({})).services[0]!.restarts >= 2, 'two restarts', 10_000);
  await engine.stop({ name });
  const lines = readFileSync(dataPaths(dataDir).log(name), 'utf8').split('\n').filter(Boolean);

  const first = STARTED.exec(lines[0]!);
  assert.ok(first, `the first line is a start marker: ${lines[0]}`);
  assert.equal(first[2], undefined, 'the first start says no restart');
  assert.equal(lines[1], `up pid=${first[1]}`, 'the marker comes before what the process wrote, and names its pid');
  assert.match(lines[2]!, /^--- upkeep .* exited code 3 after [\d.]+ s ---$/);
  const second = STARTED.exec(lines[3]!);
  assert.ok(second, lines[3]);
  assert.deepEqual([second[3], second[4]], ['1', 'code 3']);
  assert.equal(lines[4], `up pid=${second[1]}`);
  const starts = lines.filter((l) => STARTED.test(l)).length;
  const exits = lines.filter((l) => EXITED.test(l)).length;
  assert.ok(starts >= 3 && (exits === starts || exits === starts - 1), `${starts} starts, ${exits} exits`);
});

test('a relaunch after a clean exit is marked as a run, not a restart', async (t) => {
  const name = uniqueName('relaunched');
  const { engine, dataDir } = await engineWith(t, [{ name, command: nodeFixture('exit-after.mjs', '100', '0'), relaunch: { delayMs: 100 } }]);
  await waitFor(async () => (await engine.list({})).services[0]!.runs >= 1, 'one relaunch', 10_000);
  await engine.stop({ name });
  const starts = readFileSync(dataPaths(dataDir).log(name), 'utf8').split('\n').filter((l) => / started pid /.test(l));
  assert.match(starts[1] ?? '', /started pid \d+ \(run 1 after code 0\) ---$/, starts.join('\n'));
});

test('a stop is marked with the signal that ended the run', async (t) => {
  const name = uniqueName('stopped');
  const { engine, dataDir } = await engineWith(t, [{ name, command: nodeFixture('forever.mjs') }]);
  await waitFor(async () => (await engine.list({})).services[0]!.pid, 'pid');
  await engine.restart({ name });
  await engine.stop({ name });
  const lines = readFileSync(dataPaths(dataDir).log(name), 'utf8').split('\n').filter((l) => l.startsWith('--- upkeep'));
  assert.equal(lines.length, 4, lines.join('\n'));
  assert.match(lines[1]!, /killed by SIGTERM after/);
  assert.match(lines[2]!, /started pid \d+ \(restart 1 after SIGTERM\)/);
  assert.match(lines[3]!, /killed by SIGTERM after/);
});

test('markers read back as separators; ordinary lines that look alike do not', () => {
  const at = new Date(2026, 11, 2, 15, 6, 39).getTime();
  const started = startedMarker({ at, pid: 32567, counted: 'restart', count: 2, after: 'SIGKILL' });
  assert.equal(started, '--- upkeep 2026-12-02 15:06:39 started pid 32567 (restart 2 after SIGKILL) ---');
  assert.equal(exitedMarker({ at, code: 1, signal: null, uptimeMs: 400 }), '--- upkeep 2026-12-02 15:06:39 exited code 1 after 0.4 s ---');
  assert.equal(exitedMarker({ at, code: null, signal: null, uptimeMs: 3_725_000 }), '--- upkeep 2026-12-02 15:06:39 exited after 1h 2m ---');
  assert.deepEqual(parseMarker(started), { time: '2026-12-02 15:06:39', text: 'started pid 32567 (restart 2 after SIGKILL)', kind: 'started' });
  assert.equal(parseMarker('--- upkeep is great ---'), null);
  assert.equal(parseMarker(`  ${started}`), null);
});
