import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { findPortOwner } from '../../app/ports/owner.ts';
import { parseLsofHolders, parseLsofListeners } from '../../app/os/lsof-output.ts';
import { parseProcNetTcp } from '../../app/os/proc-net.ts';
import { LISTEN, nodeCode, startChild } from '../support/children.ts';

function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

test('a process listening on 127.0.0.1 is named by pid and command', async (t) => {
  const argv = nodeCode(LISTEN, '127.0.0.1');
  const child = await startChild(t, argv);
  const port = Number(child.line);
  const owner = await findPortOwner(port);
  assert.ok(owner, `owner of ${port} found`);
  assert.equal(owner.pid, child.pid);
  assert.deepEqual(owner.argv, argv);
  assert.match(owner.command, /^\S*node -e /);
});

test('a process listening on ::1 only is found too', async (t) => {
  if (!(await hasIpv6Loopback())) return t.skip('no IPv6 loopback here');
  const child = await startChild(t, nodeCode(LISTEN, '::1'));
  assert.equal((await findPortOwner(Number(child.line)))?.pid, child.pid);
});

test('a socket shared with a child (forked workers) names the parent that opened it', async (t) => {
  // The parent listens, then starts a child that inherits the listening socket as fd 3.
  const parentCode = `
    const { spawn } = require('child_process');
    const s = require('net').createServer(() => {});
    s.listen(0, '127.0.0.1', () => {
      const worker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: ['ignore', 'ignore', 'ignore', s._handle.fd] });
      worker.once('spawn', () => console.log(JSON.stringify({ port: s.address().port, worker: worker.pid })));
    });
    setInterval(() => {}, 1 << 30);`;
  const parent = await startChild(t, nodeCode(parentCode));
  const { port, worker } = JSON.parse(parent.line) as { port: number; worker: number };
  const fds = await import('node:fs/promises').then((fs) => fs.readdir(`/proc/${worker}/fd`));
  assert.ok(fds.includes('3'), 'the worker holds the socket too');
  assert.equal((await findPortOwner(port))?.pid, parent.pid);
});

test('a port nobody listens on has no owner; a bad port is null, not an error', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await findPortOwner(port), null);
  assert.equal(await findPortOwner(0), null);
  assert.equal(await findPortOwner(70_000), null);
  assert.equal(await findPortOwner(1.5), null);
});

test('/proc/net/tcp and tcp6 rows parse: LISTEN only, addresses decoded', () => {
  const v4 = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0',
    '   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1461 1 0000000000000000 100 0 0 10 0',
    '   2: 0100007F:15B3 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 9999 1 0000000000000000 20 4 30 10 -1',
    '   3: garbage',
  ].join('\n');
  assert.deepEqual(parseProcNetTcp(v4), [
    { address: '127.0.0.1', port: 5555, inode: 4242 },
    { address: '0.0.0.0', port: 2024, inode: 1461 },
  ]);
  const v6 = [
    '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 00000000000000000000000001000000:80A7 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12220 1 0000000000000000 100 0 0 10 0',
    '   1: 00000000000000000000000000000000:15B3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0',
  ].join('\n');
  assert.deepEqual(parseProcNetTcp(v6), [
    { address: '::1', port: 32935, inode: 12220 },
    { address: '::', port: 5555, inode: 777 },
  ]);
});

test('macOS lsof output parses', () => {
  assert.deepEqual(parseLsofHolders('p812\nR1\np813\nR812\n'), [
    { pid: 812, ppid: 1 },
    { pid: 813, ppid: 812 },
  ]);
  assert.deepEqual(parseLsofListeners('p1\nn*:5555\np2\nn127.0.0.1:8080\nn[::1]:3000\nnjunk\n'), [
    { address: '0.0.0.0', port: 5555, inode: 0 },
    { address: '127.0.0.1', port: 8080, inode: 0 },
    { address: '::1', port: 3000, inode: 0 },
  ]);
});
