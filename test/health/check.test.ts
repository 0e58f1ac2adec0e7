import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { runHealthCheck } from '../../app/health/check.ts';
import { isAlive, killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { httpServer, silentServer, tricklingServer } from './servers.ts';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const node = (code: string, ...args: string[]) => [process.execPath, '-e', code, ...args];

test('tcp: a listening port is healthy, a closed one says why, no port is a failure', async (t) => {
  const server = await silentServer(t);
  assert.deepEqual(await runHealthCheck({ kind: 'tcp' }, server.port, {}), { ok: true, detail: `connected to 127.0.0.1:${server.port}` });
  await waitFor(() => server.open() === 0, 'the tcp check to close its connection', 2_000);
  assert.deepEqual(await runHealthCheck({ kind: 'tcp' }, await closedPort(), {}), { ok: false, detail: 'connect ECONNREFUSED' });
  assert.deepEqual(await runHealthCheck({ kind: 'tcp' }, null, {}), { ok: false, detail: 'no port to check' });
});

/** The verdict and its line, without the http facts (tested on their own below). */
async function said(...args: Parameters<typeof runHealthCheck>): Promise<{ ok: boolean; detail: string }> {
  const { ok, detail } = await runHealthCheck(...args);
  return { ok, detail };
}

test('http: status and JSON field, with {port} filled in', async (t) => {
  const server = await httpServer(t, { status: 200, body: JSON.stringify({ components: { ghost_runner: 'up' } }) });
  const url = 'http://127.0.0.1:{port}/health';
  const json = { path: 'components.ghost_runner', equals: 'up' };

  assert.deepEqual(await said({ kind: 'http', url }, server.port, {}), { ok: true, detail: 'HTTP 200' });
  assert.deepEqual(await said({ kind: 'http', url, json }, server.port, {}), {
    ok: true,
    detail: 'HTTP 200, components.ghost_runner is "up"',
  });
  server.set({ status: 200, body: JSON.stringify({ components: { ghost_runner: 'down' } }) });
  assert.deepEqual(await said({ kind: 'http', url, json }, server.port, {}), {
    ok: false,
    detail: 'components.ghost_runner is "down", expected "up"',
  });
  server.set({ status: 200, body: JSON.stringify({ components: {} }) });
  assert.equal((await said({ kind: 'http', url, json }, server.port, {})).detail, 'components.ghost_runner is missing, expected "up"');
  server.set({ status: 200, body: '<html>' });
  assert.equal((await said({ kind: 'http', url, json }, server.port, {})).detail, 'body is not JSON');
  server.set({ status: 503, body: '{}' });
  assert.deepEqual(await said({ kind: 'http', url }, server.port, {}), { ok: false, detail: 'HTTP 503' });
  server.set({ status: 204, body: '' });
  assert.equal((await said({ kind: 'http', url, expectStatus: 204 }, server.port, {})).ok, true);

  assert.equal(await said({ kind: 'http', url }, null, {}).then((r) => r.detail), 'no port to check');
  assert.deepEqual(await said({ kind: 'http', url }, await closedPort(), {}), { ok: false, detail: 'connect ECONNREFUSED' });
});

const SEEDS_HEALTH = { components: { ghost_runner: 'down', flask_responsive: true, db: { latency_ms: 4 } }, overall_status: 'degraded', version: 7 };

test('https: the check speaks TLS (loaded at the first https check) and does not trust a self-signed certificate', async (t) => {
  const home = tempHome(t);
  const [key, cert] = [path.join(home, 'key.pem'), path.join(home, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const port = (server.address() as net.AddressInfo).port;
  const verdict = await said({ kind: 'http', url: 'https://127.0.0.1:{port}/' }, port, {});
  assert.equal(verdict.ok, false);
  assert.equal(verdict.detail, 'DEPTH_ZERO_SELF_SIGNED_CERT');
});

test('http: an array of conditions must all hold, and each is reported with what was found', async (t) => {
  const server = await httpServer(t, { status: 200, body: JSON.stringify(SEEDS_HEALTH) });
  const url = `http://127.0.0.1:${server.port}/health`;
  const json = [
    { path: 'components.flask_responsive', equals: true },
    { path: 'components.ghost_runner', equals: 'up' },
    { path: 'components.missing', equals: 1 },
  ];
  const result = await runHealthCheck({ kind: 'http', url, json }, null, {});
  assert.equal(result.ok, false);
  assert.equal(result.detail, 'components.ghost_runner is "down", expected "up"; components.missing is missing, expected 1');
  assert.deepEqual(result.http?.conditions, [
    { path: 'components.flask_responsive', expected: true, actual: true, found: true, ok: true },
    { path: 'components.ghost_runner', expected: 'up', actual: 'down', found: true, ok: false },
    { path: 'components.missing', expected: 1, actual: null, found: false, ok: false },
  ]);
  // Flattened one level; deeper values are shown as JSON text.
  assert.deepEqual(result.http?.components, {
    'components.ghost_runner': 'down',
    'components.flask_responsive': true,
    'components.db': '{"latency_ms":4}',
    overall_status: 'degraded',
    version: 7,
  });
  assert.equal(result.http?.status, 200);

  server.set({ status: 200, body: JSON.stringify({ ...SEEDS_HEALTH, components: { ...SEEDS_HEALTH.components, ghost_runner: 'up' } }) });
  const passing = await runHealthCheck({ kind: 'http', url, json: json.slice(0, 2) }, null, {});
  assert.deepEqual({ ok: passing.ok, detail: passing.detail }, {
    ok: true,
    detail: 'HTTP 200, components.flask_responsive is true, components.ghost_runner is "up"',
  });
});

test('http: a failing status still reads the body, and names the components that look down', async (t) => {
  const server = await httpServer(t, { status: 503, body: JSON.stringify(SEEDS_HEALTH) });
  const result = await runHealthCheck({ kind: 'http', url: `http://127.0.0.1:${server.port}/health` }, null, {});
  assert.equal(result.ok, false);
  assert.equal(result.detail, 'HTTP 503; components.ghost_runner is "down"; overall_status is "degraded"');
  assert.equal(result.http?.status, 503);
  assert.equal(result.http?.body, JSON.stringify(SEEDS_HEALTH));

  // The body kept for status is an excerpt: at most 2 KB, never a split character.
  server.set({ status: 503, body: `"${'é'.repeat(3000)}"` });
  const long = await runHealthCheck({ kind: 'http', url: `http://127.0.0.1:${server.port}/health` }, null, {});
  const body = long.http?.body ?? '';
  assert.ok(Buffer.byteLength(body) <= 2048, `${Buffer.byteLength(body)} bytes kept`);
  assert.ok(body.length > 1000 && !body.includes('\uFFFD'));
});

test('http: every check closes its connection (no keep-alive left on the server)', async (t) => {
  const server = await httpServer(t, { status: 200, body: '{"ok":true}' });
  for (let i = 0; i < 20; i++) {
    const result = await runHealthCheck({ kind: 'http', url: `http://127.0.0.1:${server.port}/`, json: { path: 'ok', equals: true } }, null, {});
    assert.equal(result.ok, true);
  }
  assert.equal(server.accepted(), 20);
  await waitFor(() => server.open() === 0, 'every check connection to be closed', 2_000);
});

test('http: an endpoint that accepts and never answers times out, and the socket is closed', async (t) => {
  const server = await silentServer(t);
  const started = Date.now();
  const result = await runHealthCheck({ kind: 'http', url: `http://127.0.0.1:${server.port}/`, timeoutMs: 300 }, null, {});
  const elapsed = Date.now() - started;
  assert.deepEqual(result, { ok: false, detail: 'timed out after 300 ms' });
  assert.ok(elapsed >= 290 && elapsed < 1_500, `took ${elapsed} ms`);
  assert.equal(server.accepted(), 1);
  await waitFor(() => server.open() === 0, 'the hung connection to be closed', 2_000);
});

test('http: a body that never ends times out too', async (t) => {
  const server = await tricklingServer(t);
  const result = await runHealthCheck(
    { kind: 'http', url: `http://127.0.0.1:${server.port}/`, json: { path: 'status', equals: 'ok' }, timeoutMs: 300 },
    null,
    {},
  );
  assert.deepEqual(result, { ok: false, detail: 'timed out after 300 ms' });
  await waitFor(() => server.open() === 0, 'the trickling connection to be closed', 2_000);
});

test('exec: exit 0 is healthy, another code says why, {port} is filled in, a missing program is a failure', async () => {
  assert.deepEqual(await runHealthCheck({ kind: 'exec', command: node('process.exit(0)') }, null, {}), { ok: true, detail: 'exit 0' });
  assert.deepEqual(
    await runHealthCheck({ kind: 'exec', command: node("console.error('starting'); console.error('database unreachable'); process.exit(3)") }, null, {}),
    { ok: false, detail: 'exited with code 3: database unreachable' },
  );
  const portIs = node("process.exit(process.argv[1] === '5555' ? 0 : 1)", '{port}');
  assert.equal((await runHealthCheck({ kind: 'exec', command: portIs }, 5555, {})).ok, true);
  assert.equal((await runHealthCheck({ kind: 'exec', command: portIs }, 5556, {})).ok, false);
  assert.deepEqual(await runHealthCheck({ kind: 'exec', command: ['/nonexistent/check'] }, null, {}), {
    ok: false,
    detail: 'cannot run /nonexistent/check: ENOENT',
  });
  const inDir = await runHealthCheck({ kind: 'exec', command: node("process.exit(process.cwd() === '/' ? 0 : 1)") }, null, { cwd: '/' });
  assert.equal(inDir.ok, true);
  const withEnv = node("process.exit(process.env.HEALTH_TOKEN === 'x' ? 0 : 1)");
  assert.equal((await runHealthCheck({ kind: 'exec', command: withEnv }, null, { env: { ...process.env, HEALTH_TOKEN: 'x' } })).ok, true);
});

test('exec: on timeout the whole tree is killed, even a grandchild that left the group', async (t) => {
  const file = path.join(tempHome(t), 'pids.json');
  const code = `
    const { spawn } = require('child_process');
    const forever = ['-e', 'setInterval(() => {}, 1 << 30)'];
    const child = spawn(process.execPath, forever, { stdio: 'ignore' });
    const escapee = spawn(process.execPath, forever, { stdio: 'ignore', detached: true });
    require('fs').writeFileSync(process.argv[1], JSON.stringify([process.pid, child.pid, escapee.pid]));
    setInterval(() => {}, 1 << 30);`;
  let pids: number[] = [];
  killAtEnd(t, () => pids);
  const started = Date.now();
  const result = await runHealthCheck({ kind: 'exec', command: node(code, file), timeoutMs: 1_000 }, null, {});
  assert.deepEqual(result, { ok: false, detail: 'timed out after 1000 ms' });
  assert.ok(Date.now() - started < 3_500, 'bounded');
  pids = JSON.parse(readFileSync(file, 'utf8')) as number[];
  assert.equal(pids.length, 3);
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 'every process of the check to be gone', 2_000);
});

test('exec: what a healthy check left running in its group is stopped too', async (t) => {
  const file = path.join(tempHome(t), 'pid');
  const code = `
    const { spawn } = require('child_process');
    const left = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    left.unref();
    require('fs').writeFileSync(process.argv[1], String(left.pid));
    process.exit(0);`;
  let left = 0;
  killAtEnd(t, () => [left]);
  assert.deepEqual(await runHealthCheck({ kind: 'exec', command: node(code, file) }, null, {}), { ok: true, detail: 'exit 0' });
  left = Number(readFileSync(file, 'utf8'));
  await waitFor(() => !isAlive(left), 'the leftover process to be gone', 2_000);
});
