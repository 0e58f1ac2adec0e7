/**
 * Fault: a run record (run/<name>.json) is truncated or garbage when the
 * engine starts, while the service it described still runs. The engine must
 * not choke on it (ignored, with a warning a person can see), and must still
 * find the live process — by an identity it can verify, not by the broken
 * file — so that it adopts it instead of starting a second copy.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connectControl } from '../../app/control/client.ts';
import { serveControl } from '../../app/control/server.ts';
import { startEngine } from '../../app/engine/index.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, nodeFixture, uniqueName, FAST_TIMING } from '../support/engine.ts';
import { isAlive, killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import type { TestContext } from 'node:test';

const CORRUPTIONS: Array<{ what: string; corrupt: (record: string) => string | Buffer }> = [
  { what: 'truncated mid-way', corrupt: (record) => record.slice(0, Math.floor(record.length / 2)) },
  { what: 'truncated to nothing', corrupt: () => '' },
  { what: 'binary garbage', corrupt: () => Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x9c, 0x0a, 0x00, 0x13, 0x37]) },
  { what: 'JSON of the wrong shape', corrupt: (record) => record.replace(/"pid": (\d+)/, '"pid": "$1"') },
];

/** A service started by an engine that then went away, leaving it running and its record behind. */
async function leftRunning(t: TestContext, dataDir: string, name: string): Promise<{ pid: number; record: string }> {
  const { engine } = await engineWith(t, [{ name, command: nodeFixture('forever.mjs') }], { dataDir });
  const pid = await waitFor(async () => (await engine.list({})).services[0]?.pid, `${name} running`);
  killAtEnd(t, () => [pid]);
  await engine.close();
  assert.ok(isAlive(pid), 'the service outlives its engine');
  return { pid, record: readFileSync(dataPaths(dataDir).record(name), 'utf8') };
}

describe('a garbled run record while its service runs', { concurrency: 4 }, () => {
  for (const { what, corrupt } of CORRUPTIONS) {
    test(`a run record ${what}: the live process is found by its tags, verified and adopted; no second copy`, async (t) => {
      const dataDir = tempHome(t);
      const name = uniqueName('garbled');
      const paths = dataPaths(dataDir);
      const { pid, record } = await leftRunning(t, dataDir, name);
      writeFileSync(paths.record(name), corrupt(record));

      const engine = await startEngine({ dataDir, timing: FAST_TIMING });
      t.after(() => engine.close({ stopServices: true }));
      let copies: number[] = [];
      killAtEnd(t, () => copies);
      const status = (await engine.list({})).services[0];
      copies = await pidsWithEnv('UPKEEP_SERVICE', name);
      assert.deepEqual(copies, [pid], 'exactly one copy: the one that was already running');
      assert.equal(status?.pid, pid, 'the live process is supervised');
      assert.equal(status.adopted, true);
      assert.equal(status.state, 'running');
      // The engine replaced the broken file with a valid record of what it supervises.
      assert.equal((JSON.parse(readFileSync(paths.record(name), 'utf8')) as { pid: number }).pid, pid);

      // Supervised for real: when it dies, it is restarted, once.
      process.kill(pid, 'SIGKILL');
      const restarted = await waitFor(async () => {
        const s = (await engine.list({})).services[0];
        return s?.state === 'running' && s.pid !== pid && s.pid;
      }, 'restart of the adopted process');
      copies = await pidsWithEnv('UPKEEP_SERVICE', name);
      assert.deepEqual(copies, [restarted]);
    });
  }
});

test(
  'a garbled run record: the warning reaches a client that connects after the engine started',
  async (t) => {
    const dataDir = tempHome(t);
    const name = uniqueName('garbled');
    const paths = dataPaths(dataDir);
    const { record } = await leftRunning(t, dataDir, name);
    writeFileSync(paths.record(name), record.slice(0, 20));

    const { engine } = await engineWith(t, [], { dataDir });
    const control = await serveControl(engine, paths.socket);
    t.after(() => control.close());
    // A client that connects after boot, like `upkeep status` or a window opened later.
    const client = await connectControl(paths.socket);
    t.after(() => client.close());
    const { notices } = (await client.call('list', {})).engine;
    const about = (text: string): boolean => notices.some((n) => n.level === 'warn' && n.message.includes(text));
    assert.ok(about(paths.record(name)), `a warning names the broken record ${paths.record(name)}: ${JSON.stringify(notices)}`);
    assert.ok(about(`${name}: found running as pid`), `and says the live process was found and adopted: ${JSON.stringify(notices)}`);
  },
);
