import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startEngine } from '../../app/engine/index.ts';
import { dataPaths } from '../../app/paths.ts';
import { tempHome } from '../support/temp-home.ts';

test('a first run with seedExamples saves the example services once; a later run leaves the config alone', async (t) => {
  const dataDir = tempHome(t);
  const engine = await startEngine({ dataDir, seedExamples: true });
  const names = (await engine.list({})).services.map((s) => s.name);
  await engine.close({ stopServices: true });
  assert.deepEqual(names.sort(), ['executor', 'runner']);

  const config = JSON.parse(readFileSync(dataPaths(dataDir).config, 'utf8')) as { services: Array<{ name: string }> };
  // The user removes every service; a restart must not bring the examples back.
  const { updateConfig } = await import('../../app/config/store.ts');
  updateConfig(dataPaths(dataDir), (c) => ({ ...c, services: [] }));
  const again = await startEngine({ dataDir, seedExamples: true });
  t.after(() => again.close({ stopServices: true }));
  assert.equal((await again.list({})).services.length, 0);
  assert.equal(config.services.length, 2);
});
