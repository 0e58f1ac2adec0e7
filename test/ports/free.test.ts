import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { findFreePort, isPortFree } from '../../app/ports/free.ts';

async function listen(t: import('node:test').TestContext, host: string, port = 0): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as net.AddressInfo).port;
}

async function ipv6(): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

test('a held port is not free, and is free again once let go', async (t) => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  t.after(() => server.close());
  assert.equal(await isPortFree(port), false);
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await isPortFree(port), true);
});

test('a port held on ::1 only is not free either (a service binding :: would collide)', async (t) => {
  if (!(await ipv6())) return t.skip('no IPv6 loopback here');
  const port = await listen(t, '::1');
  assert.equal(await isPortFree(port), false);
  assert.equal(await isPortFree(port, '::1'), false);
});

test('findFreePort skips held and excluded ports, and says null when the range is used up', async (t) => {
  const held = await listen(t, '127.0.0.1');
  const found = await findFreePort(held, 10, new Set([held + 1]));
  assert.ok(found !== null && found > held + 1 && found < held + 10, `found ${found}`);
  assert.equal(await isPortFree(found), true);
  assert.equal(await findFreePort(held, 1), null);
  assert.equal(await findFreePort(held, 2, new Set([held + 1])), null);
});

test('nonsense ports are not free and find nothing', async () => {
  for (const port of [0, -1, 65536, 1.5, Number.NaN]) assert.equal(await isPortFree(port), false, String(port));
  assert.equal(await findFreePort(Number.NaN, 10), null);
  assert.equal(await findFreePort(65535, 0), null);
});
