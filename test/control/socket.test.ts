import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiError, type ServiceStatus } from '../../app/api.ts';
import { connectControl, EngineNotRunningError } from '../../app/control/client.ts';
import { serveControl } from '../../app/control/server.ts';
import { SocketInUseError } from '../../app/control/stale-socket.ts';
import { FakeEngine } from '../dashboard/fake-engine.ts';

const unixOnly = { skip: process.platform === 'win32' };
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-'));
test.after(() => fs.rmSync(home, { recursive: true, force: true }));
let counter = 0;
const socketPath = (): string => path.join(home, `c${counter++}.sock`);

type Closable = { close(): unknown };
async function serve(t: { after: (fn: () => unknown) => void }, engine = new FakeEngine()) {
  const file = socketPath();
  const server = await serveControl(engine, file);
  t.after(() => server.close());
  return { engine, file, server };
}
function closing<T extends Closable>(t: { after: (fn: () => unknown) => void }, thing: T): T {
  t.after(() => thing.close());
  return thing;
}

/** A raw connection that sends text and collects the frames that come back. */
async function raw(file: string) {
  const socket = net.connect(file);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const frames: Array<Record<string, unknown>> = [];
  let buffer = '';
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      frames.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
      buffer = buffer.slice(newline + 1);
    }
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    socket,
    frames,
    send: (text: string) => socket.write(text),
    async next(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < count) {
        assert.ok(Date.now() < deadline, `expected ${count} frames, got ${JSON.stringify(frames)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
      return frames;
    },
    close: () => socket.destroy(),
  };
}

test('a call goes through the socket to the engine and its result comes back', async (t) => {
  const { file, engine } = await serve(t, new FakeEngine([{ name: 'web', command: ['node', 'web.js'], port: 8080 }]));
  const client = closing(t, await connectControl(file));
  const list = await client.call('list', {});
  assert.deepEqual(list, await engine.list());
  assert.equal(list.services[0]?.name, 'web');
  assert.equal(list.services[0]?.port, 8080);
});

test('bad params and engine errors reject with an ApiError that keeps code, message and fields', async (t) => {
  const engine = new FakeEngine();
  const reached: string[] = [];
  const start = engine.start.bind(engine);
  engine.start = (params) => (reached.push(params.name), start(params));
  const { file } = await serve(t, engine);
  const client = closing(t, await connectControl(file));
  const bad = await client.call('start', { name: '../x' }).catch((error: unknown) => error);
  assert.ok(bad instanceof ApiError);
  assert.equal(bad.code, 'bad-request');
  assert.equal(bad.fields[0]?.path, 'name');
  assert.deepEqual(reached, [], 'the bad call never reached the engine');
  await assert.rejects(client.call('start', { name: 'ghost' }), { name: 'ApiError', code: 'not-found', message: 'no service named "ghost"' });
  assert.deepEqual(reached, ['ghost']);
});

test('garbage, half requests and oversized frames get a bad-request and the connection stays usable', async (t) => {
  const { file } = await serve(t);
  const conn = closing(t, await raw(file));
  conn.send('this is not json\n');
  conn.send('{"id": 7}\n');
  conn.send(`{"id": 8, "method": "list", "params": "${'x'.repeat(1024 * 1024 + 10)}"}\n`);
  conn.send('{"id": 9, "method": "list", "params": {}}\n');
  const frames = await conn.next(4);
  assert.deepEqual(frames[0], { id: null, error: { code: 'bad-request', message: 'frame is not valid JSON' } });
  assert.equal(frames[1]?.id, 7);
  assert.match(String((frames[1]?.error as { message: string }).message), /method/);
  assert.equal(frames[2]?.id, null);
  assert.match(String((frames[2]?.error as { message: string }).message), /too large/);
  assert.equal(frames[3]?.id, 9);
  assert.equal((frames[3]?.result as { aggregate: string }).aggregate, 'up');
});

test('an oversized frame without any newline is refused without buffering it all', async (t) => {
  const { file } = await serve(t);
  const conn = closing(t, await raw(file));
  conn.send('x'.repeat(3 * 1024 * 1024));
  const frames = await conn.next(1);
  assert.equal((frames[0]?.error as { code: string }).code, 'bad-request');
  conn.send('\n{"id": 1, "method": "list"}\n');
  const reply = (await conn.next(2))[1];
  assert.equal(reply?.id, 1);
  assert.ok(reply && 'result' in reply, 'the connection answers again after the oversized frame');
});

test('the socket file is private to its owner (0600)', unixOnly, async (t) => {
  const { file } = await serve(t);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test('subscribed events are pushed, and a closed connection lets go of the engine', async (t) => {
  const { file, engine } = await serve(t);
  const client = await connectControl(file);
  const seen: Array<{ status: ServiceStatus }> = [];
  client.on('service', (data) => seen.push(data));
  await client.call('subscribe', { services: true });
  const listeners = (): number => engine.events.listenerCount('service');
  assert.equal(listeners(), 1);
  const status = { name: 'web', state: 'running' } as ServiceStatus;
  engine.emit('service', { status, entry: null });
  const deadline = Date.now() + 5_000;
  while (seen.length === 0) {
    assert.ok(Date.now() < deadline, 'event never arrived');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(seen[0]?.status.name, 'web');
  client.close();
  while (listeners() > 0) {
    assert.ok(Date.now() < deadline, 'session kept its engine listeners after the client left');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});

test('with nothing listening, connect rejects with EngineNotRunningError', async () => {
  await assert.rejects(connectControl(socketPath()), EngineNotRunningError);
});

test('a socket left by a dead engine is replaced; a live one is not touched', unixOnly, async (t) => {
  const file = socketPath();
  // A process that listens on the path and is then SIGKILLed leaves its socket file behind.
  const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(file)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => holder.kill('SIGKILL'));
  await new Promise((resolve) => holder.stdout.once('data', resolve));

  await assert.rejects(serveControl(new FakeEngine(), file), SocketInUseError);
  assert.ok(fs.existsSync(file), 'the live socket was left alone');

  holder.kill('SIGKILL');
  await new Promise((resolve) => holder.once('exit', resolve));
  assert.ok(fs.existsSync(file), 'a SIGKILLed listener leaves its socket file');
  const server = await serveControl(new FakeEngine(), file);
  t.after(() => server.close());
  const client = closing(t, await connectControl(file));
  assert.equal((await client.call('list', {})).aggregate, 'up');
});

test('close ends open connections and removes the socket file', async (t) => {
  const file = socketPath();
  const server = await serveControl(new FakeEngine(), file);
  const client = await connectControl(file);
  t.after(() => client.close());
  assert.equal((await client.call('list', {})).aggregate, 'up');
  await server.close();
  await assert.rejects(client.call('list', {}), { name: 'ApiError', code: 'unavailable' });
  if (process.platform !== 'win32') assert.equal(fs.existsSync(file), false);
  await assert.rejects(connectControl(file), EngineNotRunningError);
});
