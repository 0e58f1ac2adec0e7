/**
 * Fault: the control socket and the dashboard are fed malformed, oversized
 * and random payloads (seeded, bounded: a failure names its seed and input).
 * Every bad frame is answered with an error (an oversized one at worst with a
 * clean close), the engine stays alive, still answers a valid `list`, and the
 * service it supervises was not touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addServiceToConfig } from '../../app/config/store.ts';
import { connectControl } from '../../app/control/client.ts';
import { dataPaths } from '../../app/paths.ts';
import { nodeFixture, uniqueName } from '../support/engine.ts';
import { killAtEnd } from '../support/processes.ts';
import { spawnFaultEngine, type EngineChild, type ReadyLine } from '../support/engine-child.ts';
import { fuzzFrame, type FuzzFrame } from '../support/fuzz-frames.ts';
import { memoryKb } from '../support/proc-stats.ts';
import { prng } from '../support/prng.ts';
import { rawControl, rawWebSocket, type RawConnection, type Reply } from '../support/raw-connections.ts';
import { isAlive, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';

const SEED = 0x5eed_0006;
const FRAMES = 300;
const MIB = 1024 * 1024;

interface Setup {
  engine: EngineChild;
  ready: ReadyLine;
  name: string;
  servicePid: number;
}

/** The engine, a supervised service and the pid it runs as; shared by the subtests. */
let setup: Setup;

function describeFrame(frame: FuzzFrame): string {
  const shown = frame.bytes.length > 120 ? `${frame.bytes.subarray(0, 120).toString('latin1')}… (${frame.bytes.length} bytes)` : frame.bytes.toString('latin1');
  return `${frame.kind}: ${JSON.stringify(shown)}`;
}

function assertErrorReply(reply: Reply, expectedId: number | string | null, what: string): void {
  const error = reply.error as { code?: unknown; message?: unknown } | undefined;
  assert.ok(error && typeof error === 'object', `${what}: answered without an error: ${JSON.stringify(reply).slice(0, 300)}`);
  assert.ok(error.code === 'bad-request' || error.code === 'not-found', `${what}: error code ${String(error.code)}`);
  assert.equal(typeof error.message, 'string', what);
  assert.deepEqual(reply.id, expectedId, `${what}: the reply carries the request's id when it was readable`);
}

async function assertEngineFine(what: string): Promise<void> {
  assert.ok(isAlive(setup.engine.pid), `${what}: the engine is alive`);
  const client = await connectControl(setup.ready.socket);
  try {
    const list = await client.call('list', {});
    const status = list.services.find((s) => s.name === setup.name);
    assert.equal(status?.state, 'running', `${what}: the service still runs`);
    assert.equal(status.pid, setup.servicePid, `${what}: the same process, untouched`);
  } finally {
    client.close();
  }
  assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', setup.name), [setup.servicePid], `${what}: one copy`);
}

/** Feeds each frame, waits for its one reply, checks it is an error carrying the right id. */
async function feed(connection: RawConnection, frames: FuzzFrame[], seed: number, asText: boolean): Promise<void> {
  for (const [index, frame] of frames.entries()) {
    const what = `seed ${seed} input #${index} (${describeFrame(frame)})`;
    if (asText) connection.send(frame.bytes.toString('utf8'));
    else connection.send(Buffer.concat([frame.bytes, Buffer.from('\n')]));
    assertErrorReply(await connection.next(5_000).catch((error: Error) => ({ noReply: error.message })), frame.replyId, what);
  }
}

function frames(seed: number, count: number): FuzzFrame[] {
  const rng = prng(seed);
  return Array.from({ length: count }, () => fuzzFrame(rng, 'zz-no-such-service'));
}

/** Sends raw bytes to the dashboard's port and resolves with what came back before the server closed. */
function rawHttp(port: number, bytes: Buffer, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server neither answered nor closed within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.once('connect', () => socket.end(bytes));
  });
}

function request(port: number, options: http.RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(5_000, () => req.destroy(new Error('no answer within 5 s')));
    req.once('error', reject);
    req.end();
  });
}

test('the control socket and the dashboard answer every bad payload with an error, and the engine lives on', async (t) => {
  const dataDir = tempHome(t);
  const name = uniqueName('fuzzed');
  addServiceToConfig(dataPaths(dataDir), { name, command: nodeFixture('forever.mjs') });
  const rendererDir = path.join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Upkeep</title>');
  const engine = spawnFaultEngine(t, { dataDir, dashboard: { rendererDir } });
  const ready = await engine.ready();
  const running = await engine.waitLine((l) => l.kind === 'service' && l.name === name && l.state === 'running' && l.pid !== null, `${name} running`);
  setup = { engine, ready, name, servicePid: (running as { pid: number }).pid };
  // The engine is SIGKILLed at the end and services outlive it by design: end ours by pid.
  killAtEnd(t, () => [setup?.servicePid]);
  const dashboard = ready.dashboard!;
  const wsUrl = `ws://127.0.0.1:${dashboard.port}/ws?token=${dashboard.token}`;
  const rssBefore = memoryKb(engine.pid)!.rss;

  await t.test(`control socket: ${FRAMES} bad frames (seed ${SEED}), each answered with an error on one connection`, async () => {
    const connection = await rawControl(ready.socket);
    try {
      await feed(connection, frames(SEED, FRAMES), SEED, false);
    } finally {
      connection.close();
    }
    await assertEngineFine('after the control-socket fuzz');
  });

  await t.test('control socket: oversized frames get an error, the connection stays usable, memory stays bounded', async () => {
    const connection = await rawControl(ready.socket);
    try {
      // Just over the 1 MiB limit, with its newline.
      connection.send(`{"id":1,"method":"logs","params":{"name":"x","blob":"${'a'.repeat(MIB + 10)}"}}\n`);
      assertErrorReply(await connection.next(), null, '1 MiB + 10 bytes');
      // 32 MiB with no newline at all, in 1 MiB writes: refused once past the limit, the rest dropped.
      for (let i = 0; i < 32; i += 1) connection.send(Buffer.alloc(MIB, 0x61));
      assertErrorReply(await connection.next(10_000), null, '32 MiB without a newline');
      // The newline ends the dropped frame; the next request on the same connection is served.
      connection.send('\n{"id":"after","method":"list","params":{}}\n');
      const reply = await connection.next(10_000);
      assert.equal(reply.id, 'after', JSON.stringify(reply).slice(0, 200));
      assert.ok(reply.result, 'a valid list after the oversized frames is answered');
    } finally {
      connection.close();
    }
    const rss = memoryKb(engine.pid)!.rss;
    assert.ok(rss < rssBefore + 64 * 1024, `the engine did not buffer the flood (RSS ${rssBefore} → ${rss} kB)`);
    await assertEngineFine('after oversized control frames');
  });

  await t.test('control socket: 100 connections that drop mid-frame or send half a request', async () => {
    const rng = prng(SEED + 1);
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const connection = await rawControl(ready.socket);
        connection.send(frames(SEED + 100 + i, 1)[0]!.bytes.subarray(0, 1 + rng.int(50)));
        if (rng.chance(0.5)) connection.close();
        else setTimeout(() => connection.close(), rng.int(20));
        await connection.closed;
      }),
    );
    await assertEngineFine('after dropped connections');
  });

  await t.test(
    'control socket: a subscribe refused for one unknown log keeps nothing of what it had set up (no fd, no follow left behind)',
    async () => {
      const fds = (): number => readdirSync(`/proc/${engine.pid}/fd`).length;
      const before = fds();
      for (let i = 0; i < 50; i += 1) {
        const connection = await rawControl(ready.socket);
        connection.send(`${JSON.stringify({ id: i, method: 'subscribe', params: { services: true, logs: [name, 'zz-no-such-service'] } })}\n`);
        assertErrorReply(await connection.next(), i, `subscribe #${i}`);
        connection.close();
        await connection.closed;
      }
      await assertEngineFine('after refused subscribes');
      const after = fds();
      assert.ok(after <= before + 5, `the engine holds ${after - before} more file descriptors after 50 refused subscribes on closed connections`);
    },
  );

  await t.test(`dashboard WebSocket: ${FRAMES} bad text frames (seed ${SEED + 2}), each answered with an error`, async () => {
    const connection = await rawWebSocket(wsUrl);
    try {
      await feed(connection, frames(SEED + 2, FRAMES), SEED + 2, true);
      // Binary frames are refused, with an error, on the same connection.
      const rng = prng(SEED + 3);
      for (let i = 0; i < 20; i += 1) {
        connection.send(rng.bytes(1 + rng.int(500)));
        assertErrorReply(await connection.next(), null, `binary frame #${i}`);
      }
      // Over our 1 MiB limit but under the WebSocket's own cap: an error reply, connection kept.
      connection.send(`{"id":7,"method":"list","params":{"x":"${'a'.repeat(2 * MIB)}"}}`);
      assertErrorReply(await connection.next(), null, '2 MiB text frame');
    } finally {
      connection.close();
    }
    // Past the WebSocket's cap: a clean close (1009, message too big), not a crash.
    const big = await rawWebSocket(wsUrl);
    big.send('a'.repeat(5 * MIB));
    assert.equal((await big.closed).code, 1009);
    await assertEngineFine('after the WebSocket fuzz');
  });

  await t.test('dashboard HTTP: random requests without the right token, host, origin or method get 4xx; raw garbage gets 400 or a close', async () => {
    const rng = prng(SEED + 4);
    const port = dashboard.port;
    const host = `127.0.0.1:${port}`;
    const randomPath = (): string =>
      rng.pick(['/', '/ws', '/index.html', '/../etc/passwd', '/%2e%2e/%2e%2e/', '/%00', '/' + 'a'.repeat(rng.int(8_000)), `/${rng.bytes(20).toString('hex')}`, '/?token=', `/?token=${dashboard.token}x`]);
    for (let i = 0; i < 150; i += 1) {
      const flaw = rng.int(4);
      const headers: Record<string, string> = { Host: host };
      let pathname = randomPath();
      let method = rng.pick(['GET', 'HEAD']);
      if (flaw === 0) pathname = pathname.replace(/\?.*$/, ''); // no token
      if (flaw === 1) headers.Host = rng.pick(['evil.example', `localhost:${port + 1}`, '127.0.0.1', `[::1]:${port}`, `${rng.bytes(6).toString('hex')}:${port}`]);
      if (flaw === 2) headers.Origin = rng.pick(['null', 'http://evil.example', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`]);
      if (flaw === 3) method = rng.pick(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']);
      const withToken = flaw !== 0 && rng.chance(0.7);
      const url = withToken ? `${pathname}${pathname.includes('?') ? '&' : '?'}token=${dashboard.token}` : pathname;
      const status = await request(port, { method, path: url, headers });
      const allowed = flaw === 3 && withToken ? [405, 400] : [400, 401, 403, 404, 405];
      assert.ok(allowed.includes(status) || (status >= 400 && status < 500), `request #${i} ${method} ${url.slice(0, 80)} ${JSON.stringify(headers)}: status ${status}`);
    }
    for (let i = 0; i < 30; i += 1) {
      const bytes = i % 3 === 0 ? rng.bytes(1 + rng.int(2_000)) : Buffer.from(`${rng.pick(['GET', 'G\0T', 'POST'])} ${randomPath()} HTTP/${rng.pick(['1.1', '9.9', 'x'])}\r\n${rng.pick(['Host: x\r\n', 'Content-Length: -1\r\n', 'Transfer-Encoding: chunked\r\n\r\nzz\r\n', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n'])}\r\n`);
      const answer = await rawHttp(port, bytes);
      assert.ok(answer === '' || /^HTTP\/1\.1 [45]\d\d /.test(answer), `raw request #${i}: ${JSON.stringify(answer.slice(0, 100))}`);
    }
    await assertEngineFine('after the HTTP fuzz');
    // And the dashboard still serves a well-formed call.
    const connection = await rawWebSocket(wsUrl);
    try {
      connection.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
      const reply = await connection.next();
      assert.ok(reply.result, `a valid list over the WebSocket: ${JSON.stringify(reply).slice(0, 200)}`);
    } finally {
      connection.close();
    }
  });

  await t.test(
    'dashboard HTTP: a request the HTTP parser rejects is answered with 400, not a silent close',
    async () => {
      const host = `Host: 127.0.0.1:${dashboard.port}\r\n`;
      for (const bad of [`BREW /?token=${dashboard.token} HTTP/1.1\r\n${host}\r\n`, `GET / HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`, `GET / HTTP/1.1\r\nBad Header\r\n\r\n`]) {
        const answer = await rawHttp(dashboard.port, Buffer.from(bad));
        assert.match(answer, /^HTTP\/1\.1 400 /, `${JSON.stringify(bad)} got ${JSON.stringify(answer.slice(0, 60))}`);
      }
    },
  );
});
