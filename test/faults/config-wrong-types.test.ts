/**
 * Fault: config.json holds values of the wrong type. The file is the user's:
 * it is kept byte-for-byte (through boot, every refused change and shutdown),
 * the error names the file and the field, the engine still runs and answers,
 * and a service left running by an earlier engine is neither killed nor
 * started twice — once the file is fixed, the next engine adopts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ApiError } from '../../app/api.ts';
import { connectControl } from '../../app/control/client.ts';
import { serveControl } from '../../app/control/server.ts';
import { startEngine } from '../../app/engine/index.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, nodeFixture, uniqueName, FAST_TIMING } from '../support/engine.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

interface Broken {
  what: string;
  /** The bytes written; `{{svc}}` stands for the definition of the running service. */
  text: string;
  /** What the error must name: the field and the expected type. */
  error: RegExp;
}

const BROKEN: Broken[] = [
  {
    what: 'a port as a string',
    text: '{\n  "services": [\n    {{svc}},\n    { "name": "web", "command": ["x"], "port": "5555" }\n  ]\n}\n',
    error: /service "web" \(services\.1\): port: .*expected number/,
  },
  {
    what: 'a command as one string, CRLF line ends',
    text: '{\r\n\t"services": [\r\n\t\t{{svc}},\r\n\t\t{ "name": "api", "command": "node server.js" }\r\n\t]\r\n}\r\n',
    error: /service "api" \(services\.1\): command: .*expected array/,
  },
  {
    what: 'services as an object, a note in UTF-8',
    text: '{ "note": "café ☕ — ne pas toucher", "services": { "web": {{svc}} } }',
    error: /services: .*expected array/,
  },
  {
    what: 'autostart as "yes" and an env value as a number, no final newline',
    text: '{"services":[{{svc}},{"name":"job","command":["x"],"autostart":"yes","env":{"DEBUG":1}}]}',
    error: /service "job" \(services\.1\): (autostart|env\.DEBUG): .*expected (boolean|string)/,
  },
  {
    what: 'settings as an array and restart as true, trailing spaces',
    text: '{   \n  "settings": [],   \n  "services": [ {{svc}}, { "name": "w2", "command": ["x"], "restart": true } ]   \n}   \n',
    error: /settings: .*expected object|service "w2" \(services\.1\): restart/,
  },
  {
    what: 'a health condition list with a condition lacking its value',
    text: '{"services":[{{svc}},{"name":"hc","command":["x"],"health":{"kind":"http","url":"http://127.0.0.1:1/","json":[{"path":"ok","equals":true},{"path":"db"}]}}]}',
    error: /service "hc" \(services\.1\): health\.json\.1\.equals: must be a string, a number, true, false or null/,
  },
];

test('a config with values of the wrong type is kept byte-for-byte, the error names the field, and the engine runs', async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  const name = uniqueName('keeper');
  const spec = { name, command: nodeFixture('forever.mjs') };

  // A service left running by an earlier engine, with a valid config.
  const first = await engineWith(t, [spec], { dataDir });
  const pid = await waitFor(async () => (await first.engine.list({})).services[0]?.pid, `${name} running`);
  killAtEnd(t, () => [pid]);
  await first.engine.close();

  for (const broken of BROKEN) {
    const bytes = Buffer.from(broken.text.replace('{{svc}}', JSON.stringify(spec)), 'utf8');
    writeFileSync(paths.config, bytes);
    const filesBefore = readdirSync(dataDir).sort();

    const engine = await startEngine({ dataDir, timing: FAST_TIMING });
    const control = await serveControl(engine, paths.socket);
    try {
      const client = await connectControl(paths.socket);
      try {
        const list = await client.call('list', {});
        const error = list.engine.configError ?? '';
        assert.ok(error.includes(paths.config), `${broken.what}: the error names the file: ${error}`);
        assert.match(error, broken.error, `${broken.what}: the error names the field and the expected type`);
        assert.deepEqual(list.services, [], `${broken.what}: nothing is started from a config that does not validate`);

        // Every change is refused with the same clear error; none writes the file.
        const refusals = [
          client.call('addService', { spec: { name: 'added', command: ['x'] } }),
          client.call('updateService', { spec: { ...spec, env: { A: 'b' } } }),
          client.call('removeService', { name }),
          client.call('setPort', { name, port: 6000 }),
        ];
        for (const refused of await Promise.allSettled(refusals)) {
          assert.equal(refused.status, 'rejected', `${broken.what}: a change went through`);
          const reason: unknown = refused.status === 'rejected' ? refused.reason : null;
          assert.ok(reason instanceof ApiError, `${broken.what}: ${String(reason)}`);
          assert.ok(reason.code === 'conflict' || reason.code === 'not-found', `${broken.what}: ${reason.code} ${reason.message}`);
        }
        assert.equal((await client.call('list', {})).engine.pid, process.pid, 'the engine still answers');
      } finally {
        client.close();
      }
    } finally {
      await control.close();
      await engine.close();
    }
    assert.deepEqual(readFileSync(paths.config), bytes, `${broken.what}: config.json is kept byte-for-byte`);
    assert.deepEqual(readdirSync(dataDir).sort(), filesBefore, `${broken.what}: no file was added or removed beside it`);
    assert.ok(isAlive(pid), `${broken.what}: the running service was not touched`);
    assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [pid], `${broken.what}: no second copy`);
  }

  // Fixed by hand: the next engine adopts the service that ran all along.
  writeFileSync(paths.config, JSON.stringify({ services: [spec] }));
  const { engine } = await engineWith(t, [], { dataDir });
  const status = (await engine.list({})).services[0]!;
  assert.equal(engine.info().configError, null);
  assert.equal(status.pid, pid);
  assert.equal(status.adopted, true);
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [pid]);
});
