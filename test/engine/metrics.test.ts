import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineWith, nodeFixture } from '../support/engine.ts';
import { nextServiceEvent, waitFor } from '../support/wait.ts';
import { isAlive } from '../support/processes.ts';
import { METRICS_INTERVAL_MS } from '../../app/metrics/sampler.ts';
import { forceOsLayer, osLayer } from '../../app/os/current.ts';

test('status with metrics gives the CPU, memory and process count of the whole tree', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'tree', command: ['/bin/sh', '-c', 'sleep 60 & sleep 60 & wait'] }]);
  await waitFor(async () => (await engine.list({})).services[0]!.state === 'running', 'running');
  const status = await waitFor(async () => {
    const s = (await engine.list({ metrics: true })).services[0]!;
    return s.processes !== null && s.processes >= 3 && s;
  }, 'a tree of three processes');
  assert.ok(status.memory !== null && status.memory > 0);
  assert.ok(status.cpu !== null && status.cpu >= 0);
  const plain = (await engine.list({})).services[0]!;
  assert.equal(typeof plain.uptimeMs, 'number');
});

test('a service over maxMemory is restarted', async (t) => {
  // Any node process uses more than 1 MiB.
  const { engine } = await engineWith(t, [{ name: 'hungry', command: nodeFixture('forever.mjs'), maxMemory: 1024 * 1024 }]);
  const first = await waitFor(async () => (await engine.list({})).services[0]!.pid, 'running');
  const stopping = nextServiceEvent(engine, (e) => e.entry?.to === 'stopping' && /over the 1\.0 MiB limit/.test(e.status.reason), 'memory restart', 15_000);
  const replaced = nextServiceEvent(engine, (e) => e.status.state === 'running' && e.status.pid !== null && e.status.pid !== first, 'a new process', 20_000);
  assert.equal((await stopping).status.name, 'hungry');
  const next = (await replaced).status;
  assert.notEqual(next.pid, first, 'a new process came up');
  assert.equal(isAlive(first), false, 'the old one is gone');
  assert.ok(next.restarts >= 1);
});

test('a tree over maxProcesses is flagged, not killed', async (t) => {
  const { engine } = await engineWith(t, [
    { name: 'forky', command: ['/bin/sh', '-c', 'sleep 60 & sleep 60 & sleep 60 & wait'], maxProcesses: 2 },
  ]);
  const flagged = await nextServiceEvent(engine, (e) => e.status.problem?.kind === 'too-many-processes', 'flagged', 15_000);
  assert.equal(flagged.status.state, 'running');
  assert.match(flagged.status.reason, /keeps forking/);
});

test('status right after a restart answers from the last sample instead of waiting for a new one, which lands soon after', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'sampled', command: nodeFixture('forever.mjs') }]);
  const first = await waitFor(async () => (await engine.list({})).services[0]!.pid, 'running');
  // Nothing recent to show: the first call waits for its figures.
  const measured = (await engine.list({ metrics: true })).services[0]!;
  assert.equal(measured.pid, first);
  assert.ok(measured.memory !== null, 'the first call waited for a sample');

  // The sample is now older than one interval and young enough to be shown while a new one is taken.
  await new Promise((resolve) => setTimeout(resolve, METRICS_INTERVAL_MS + 200));
  await engine.restart({ name: 'sampled' });
  const answered = (await engine.list({ metrics: true })).services[0]!;
  assert.notEqual(answered.pid, first);
  assert.equal(answered.memory, null, 'answered at once from the last sample, which knows only the old pid');
  await waitFor(async () => (await engine.list({ metrics: true })).services[0]!.memory !== null, "the new pid's figures");
});

test('a status call that scans for copies and samples metrics reads the process table once, and the figures are there', async (t) => {
  const { engine } = await engineWith(t, [{ name: 'tree', command: ['/bin/sh', '-c', 'sleep 60 & sleep 60 & wait'] }]);
  await waitFor(async () => (await engine.list({})).services[0]!.state === 'running', 'running');
  // Count the reads of the whole table from here on; the engine asks the OS layer for each.
  let tables = 0;
  const layer = osLayer();
  const restore = forceOsLayer({ ...layer, listProcesses: (wantCwd) => (tables++, layer.listProcesses(wantCwd)) });
  t.after(restore);
  // Past the copy scan's freshness: this call starts a scan, and has no metrics sample yet (it waits for one).
  const bootAt = Date.now();
  await waitFor(() => Date.now() - bootAt > 1_600, 'the boot scan to age', 5_000, 100);
  const status = (await engine.list({ metrics: true })).services[0]!;
  assert.equal(tables, 1, 'one read of /proc for the copy scan and the metrics');
  assert.ok(status.processes !== null && status.processes >= 3, `processes ${status.processes}`);
});
