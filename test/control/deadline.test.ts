import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { ApiError } from '../../app/api.ts';
import { connectControl } from '../../app/control/client.ts';
import { READ_DEADLINE_MS, STOP_MARGIN_MS, deadlineFor } from '../../app/control/deadlines.ts';
import { dataPaths } from '../../app/paths.ts';
import { runCli } from '../cli/cli-process.ts';
import { tempHome } from '../support/temp-home.ts';

/** An engine that accepts connections and never answers: stuck, as a wedged event loop would be. */
async function stuckEngine(t: TestContext, socketPath: string): Promise<void> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

test('deadlines: a few seconds for reads, the stop timeout plus a margin for what may stop, none for follows', () => {
  assert.equal(deadlineFor('list'), READ_DEADLINE_MS);
  assert.equal(deadlineFor('logs'), READ_DEADLINE_MS);
  assert.equal(deadlineFor('stop', 30_000), 30_000 + STOP_MARGIN_MS);
  assert.equal(deadlineFor('restart', 1_000), 1_000 + STOP_MARGIN_MS);
  assert.equal(deadlineFor('subscribe'), null);
});

test('a call to an engine that never answers fails at its deadline, naming the method and the socket', async (t) => {
  const socketPath = path.join(tempHome(t), 'stuck.sock');
  await stuckEngine(t, socketPath);
  const client = await connectControl(socketPath);
  t.after(() => client.close());
  const started = Date.now();
  await assert.rejects(client.call('list', {}, { deadlineMs: 300 }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'unavailable');
    assert.equal(error.message, `the engine did not answer list within 300 ms (socket ${socketPath})`);
    return true;
  });
  assert.ok(Date.now() - started < 3_000);
});

test('upkeep status against a stuck engine ends with a clear error instead of hanging', async (t) => {
  const home = tempHome(t);
  await stuckEngine(t, dataPaths(home).socket);
  const started = Date.now();
  const result = await runCli(home, ['status']);
  const took = Date.now() - started;
  assert.equal(result.code, 1);
  assert.match(result.stderr, /did not answer list within 5 s \(socket .*upkeep\.sock\)/);
  assert.ok(took >= READ_DEADLINE_MS - 100 && took < READ_DEADLINE_MS + 10_000, `took ${took} ms`);
});
