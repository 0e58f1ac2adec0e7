/**
 * The engine on the macOS OS layer (ps, lsof), run here on procps and lsof:
 * a run found again by its tags alone, in a data dir whose path holds a
 * space as macOS's does (~/Library/Application Support/Upkeep), then
 * stopped with nothing left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addServiceToConfig } from '../../app/config/store.ts';
import { startEngine } from '../../app/engine/index.ts';
import { forceOsLayer } from '../../app/os/current.ts';
import { darwin } from '../../app/os/darwin.ts';
import { dataPaths } from '../../app/paths.ts';
import { FAST_TIMING, nodeFixture, uniqueName } from '../support/engine.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

test('on the darwin layer a run whose record is garbage is adopted by its tags, and stop leaves nothing', async (t) => {
  t.after(forceOsLayer(darwin));
  const dataDir = path.join(tempHome(t), 'Library', 'Application Support', 'Upkeep');
  mkdirSync(dataDir, { recursive: true });
  const paths = dataPaths(dataDir);
  const name = uniqueName('mac-tagged');
  addServiceToConfig(paths, { name, command: nodeFixture('forever.mjs') });

  const first = await startEngine({ dataDir, timing: FAST_TIMING });
  const pid = await waitFor(async () => (await first.list({})).services[0]?.pid, 'first run');
  killAtEnd(t, () => [pid]);
  await first.close({ stopServices: false });
  writeFileSync(paths.record(name), '{"pid": "not a number"');

  const engine = await startEngine({ dataDir, timing: FAST_TIMING });
  t.after(() => engine.close({ stopServices: true }));
  const status = (await engine.list({})).services[0]!;
  assert.equal(status.pid, pid, 'found by UPKEEP_DATA_DIR/UPKEEP_RUN_ID read back through ps eww');
  assert.equal(status.adopted, true);
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [pid], 'not started twice');

  await engine.stop({ name });
  assert.equal(isAlive(pid), false);
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), []);
});
