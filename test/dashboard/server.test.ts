import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { serveDashboard, type Dashboard } from '../../app/dashboard/server.ts';
import { FakeEngine } from './fake-engine.ts';

let tmp: string;
let rendererDir: string;
let engine: FakeEngine;
let dashboard: Dashboard;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'upkeep-dashboard-'));
  rendererDir = path.join(tmp, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Upkeep</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(tmp, 'secret.txt'), 'TOP SECRET');
  engine = new FakeEngine([{ name: 'runner', command: ['node', 'server.mjs'], port: 5555 }]);
  dashboard = await serveDashboard(engine, { rendererDir });
});

after(async () => {
  await dashboard.close();
  await rm(tmp, { recursive: true, force: true });
});

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(urlPath: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: dashboard.port, path: urlPath, headers: { Host: `127.0.0.1:${dashboard.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const withToken = (p: string): string => `${p}${p.includes('?') ? '&' : '?'}token=${dashboard.token}`;

test('the printed URL is loopback with a long random token', () => {
  assert.match(dashboard.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
});

test('a request without the token, or with a wrong one, gets 401', async () => {
  assert.equal((await get('/')).status, 401);
  assert.equal((await get('/?token=nope')).status, 401);
  assert.equal((await get(`/?token=${dashboard.token}x`)).status, 401);
  assert.equal((await get('/assets/app.js')).status, 401);
});

test('the page with the token is served with CSP, nosniff and a token cookie for its assets', async () => {
  const page = await get(withToken('/'));
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Upkeep<\/title>/);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${dashboard.port} ws://localhost:${dashboard.port}`));
  const cookie = String(page.headers['set-cookie']?.[0]);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);

  const asset = await get('/assets/app.js', { Cookie: cookie.split(';')[0]! });
  assert.equal(asset.status, 200);
  assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(asset.body, 'console.log("app")');
});

test('a foreign Host (DNS rebinding) or a foreign Origin gets 403 even with the token', async () => {
  assert.equal((await get(withToken('/'), { Host: `evil.example:${dashboard.port}` })).status, 403);
  assert.equal((await get(withToken('/'), { Host: `127.0.0.1:${dashboard.port + 1}` })).status, 403);
  assert.equal((await get(withToken('/'), { Origin: 'http://evil.example' })).status, 403);
  assert.equal((await get(withToken('/'), { Origin: 'null' })).status, 403);
  assert.equal((await get(withToken('/'), { Host: `localhost:${dashboard.port}` })).status, 200);
  assert.equal((await get(withToken('/'), { Origin: `http://127.0.0.1:${dashboard.port}` })).status, 200);
});

test('paths that climb out of the renderer folder are refused', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5c..%5csecret.txt', '/assets/%00.js', withToken('/%E0%A4%A')]) {
    const got = await get(p.includes('token=') ? p : withToken(p));
    assert.notEqual(got.status, 200, p);
    assert.doesNotMatch(got.body, /TOP SECRET/, p);
  }
});

test('a missing build is a clear 500 page that says to run npm run build', async () => {
  const bare = await serveDashboard(engine, { rendererDir: path.join(tmp, 'nothing-here') });
  try {
    const got = await new Promise<Got>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: bare.port, path: `/?token=${bare.token}` }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject);
    });
    assert.equal(got.status, 500);
    assert.match(got.body, /npm run build/);
  } finally {
    await bare.close();
  }
});

function upgradeStatus(urlPath: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${dashboard.port}${urlPath}`, { headers, handshakeTimeout: 5000 });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (e) => reject(e));
  });
}

test('WebSocket upgrades need the token, our Host and our Origin', async () => {
  assert.equal(await upgradeStatus('/ws'), 401);
  assert.equal(await upgradeStatus('/ws?token=wrong'), 401);
  assert.equal(await upgradeStatus(withToken('/ws'), { Origin: 'http://evil.example' }), 403);
  assert.equal(await upgradeStatus(withToken('/ws'), { Host: 'rebound.example' }), 403);
  assert.equal(await upgradeStatus(withToken('/elsewhere')), 404);
  assert.equal(await upgradeStatus(withToken('/ws'), { Origin: `http://localhost:${dashboard.port}` }), 101);
});

/** A connected client that remembers every frame, with a bounded wait for the next matching one. */
async function connect(): Promise<{ ws: WebSocket; next(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${dashboard.port}${withToken('/ws')}`, { origin: `http://127.0.0.1:${dashboard.port}` });
  const frames: Record<string, unknown>[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  async function next(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const index = frames.findIndex(match);
      if (index >= 0) return frames.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
  return { ws, next };
}

test('bad frames get error replies and the connection and server stay up', async () => {
  const client = await connect();
  try {
    client.ws.send('{not json');
    const notJson = await client.next((f) => 'error' in f);
    assert.equal(notJson.id, null);
    assert.deepEqual((notJson.error as { code: string }).code, 'bad-request');

    client.ws.send(JSON.stringify({ id: 7, params: {} }));
    const noMethod = await client.next((f) => f.id === 7);
    assert.match((noMethod.error as { message: string }).message, /method/);

    client.ws.send(JSON.stringify({ id: 8, method: 'rm -rf', params: {} }));
    assert.match(((await client.next((f) => f.id === 8)).error as { message: string }).message, /unknown method/);

    client.ws.send(JSON.stringify({ id: 9, method: 'setPort', params: { name: 'runner', port: 70000 } }));
    const badPort = (await client.next((f) => f.id === 9)).error as { code: string; fields: Array<{ path: string }> };
    assert.equal(badPort.code, 'bad-request');
    assert.equal(badPort.fields[0]?.path, 'port');

    client.ws.send(JSON.stringify({ id: 10, method: 'list', params: {}, padding: 'x'.repeat(1024 * 1024 + 10) }));
    const tooBig = await client.next((f) => 'error' in f && f.id === null);
    assert.match((tooBig.error as { message: string }).message, /too large/);

    client.ws.send(Buffer.from([0, 1, 2]), { binary: true });
    assert.match(((await client.next((f) => 'error' in f && f.id === null)).error as { message: string }).message, /binary/);

    client.ws.send(JSON.stringify({ id: 11, method: 'list', params: {} }));
    const listed = (await client.next((f) => f.id === 11)).result as { services: Array<{ name: string }> };
    assert.deepEqual(listed.services.map((s) => s.name), ['runner']);
    assert.equal((await get(withToken('/'))).status, 200);
  } finally {
    client.ws.terminate();
  }
});

test('a subscribed socket receives service and log events, and closing it unsubscribes', async () => {
  const client = await connect();
  client.ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { services: true, logs: ['runner'], metrics: true } }));
  assert.deepEqual((await client.next((f) => f.id === 1)).result, { ok: true });
  assert.equal(engine.metricsHolders, 1);

  engine.transition('runner', 'backoff', { reason: 'exited with code 1' });
  const event = await client.next((f) => f.event === 'service');
  assert.equal((event.data as { status: { state: string } }).status.state, 'backoff');

  engine.appendLog('runner', ['hello']);
  assert.deepEqual((await client.next((f) => f.event === 'log')).data, { name: 'runner', lines: ['hello'] });

  client.ws.close();
  const deadline = Date.now() + 5000;
  const holders = (): number => engine.metricsHolders;
  while (holders() !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(holders(), 0);
  assert.equal(engine.events.listenerCount('service'), 0);
});
