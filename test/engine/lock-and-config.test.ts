import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startEngine, EngineLockedError } from '../../app/engine/index.ts';
import { dataPaths } from '../../app/paths.ts';
import { parseCall, ApiError } from '../../app/api.ts';
import { engineWith, nodeFixture } from '../support/engine.ts';
import { tempHome } from '../support/temp-home.ts';
import { isAlive } from '../support/processes.ts';

test('a second engine on the same data dir is refused and names the first', async (t) => {
  const { dataDir } = await engineWith(t, []);
  await assert.rejects(startEngine({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof EngineLockedError);
    assert.equal(error.message, `engine already running (pid ${process.pid})`);
    return true;
  });
});

test('a lock left by a dead engine is taken over at once', async (t) => {
  const dataDir = tempHome(t);
  writeFileSync(dataPaths(dataDir).lock, JSON.stringify({ pid: 999_999_99, startTime: 'linux:1' }));
  const { engine } = await engineWith(t, [], { dataDir });
  assert.equal(engine.info().pid, process.pid);
});

test('an invalid config is kept byte for byte; the error names the file, the service and the field; the engine runs', async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const original = '{\n  "services": [ { "name": "web", "command": ["x"], "port": "5555" } ]\n}\n';
  writeFileSync(paths.config, original);

  const { engine } = await engineWith(t, [], { dataDir });
  const { engine: info, services } = await engine.list({});
  assert.equal(services.length, 0);
  assert.match(info.configError ?? '', /config\.json: service "web" \(services\.0\): port: .*number/);

  await assert.rejects(engine.addService({ spec: { name: 'other', command: nodeFixture('forever.mjs') } }), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 'conflict');
    return true;
  });
  await engine.close();
  assert.equal(readFileSync(paths.config, 'utf8'), original);
});

test('a config that is not JSON is kept as well', async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(paths.config, '{ services: oops');
  const { engine } = await engineWith(t, [], { dataDir });
  assert.match(engine.info().configError ?? '', /cannot be read as JSON/);
  await engine.close();
  assert.equal(readFileSync(paths.config, 'utf8'), '{ services: oops');
});

test('a name that could escape the data dir is rejected before anything is written', () => {
  for (const name of ['../x', 'a/b', '.hidden', 'UPPER', '']) {
    assert.throws(() => parseCall('addService', { spec: { name, command: ['true'] } }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'bad-request');
      assert.match(error.message, /spec\.name/);
      return true;
    }, name);
  }
});

test('services added through the API are saved, started, and removed with their processes', async (t) => {
  const { engine, dataDir } = await engineWith(t, []);
  const added = await engine.addService({ spec: { name: 'late', command: nodeFixture('forever.mjs') } });
  const pid = added.services[0]!.pid!;
  assert.equal(added.services[0]!.state, 'running');
  const config = dataPaths(dataDir).config;
  assert.match(readFileSync(config, 'utf8'), /^\{\n\t"services": \[\n\t\t\{\n\t\t\t"name": "late"/, 'tab-indented, as electron-store writes its files');
  assert.equal(statSync(config).mode & 0o777, 0o600, 'env values may hold secrets');
  assert.deepEqual(readdirSync(path.dirname(config)).filter((file) => file.endsWith('.tmp')), [], 'no temp file left beside it');
  await engine.removeService({ name: 'late' });
  assert.doesNotMatch(readFileSync(dataPaths(dataDir).config, 'utf8'), /"late"/);
  assert.equal(isAlive(pid), false);
});
