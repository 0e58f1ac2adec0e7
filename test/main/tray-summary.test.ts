import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traySummary } from '../../main/tray-summary.ts';
import { list, status } from './helpers/status.ts';

const portTaken = status('runner', {
  state: 'blocked',
  pid: null,
  port: 5555,
  reason: 'port 5555 is taken',
  problem: { kind: 'port-conflict', port: 5555, owner: { pid: 52846, command: 'python3 server.py', class: 'stale-copy' }, nextFreePort: 5556 },
});

test('a blocked service is named with its port', () => {
  assert.equal(traySummary(list([status('api'), portTaken], 'down')), 'runner down: port 5555 taken');
});

test('several down services: the first is named, the rest counted', () => {
  const crashed = status('worker', { state: 'failed', pid: null, reason: 'exited with code 1; crash loop (5 crashes in 60 s), retrying every 30 s' });
  assert.equal(traySummary(list([portTaken, crashed], 'down')), 'runner down: port 5555 taken (+1 more down)');
  assert.equal(traySummary(list([crashed], 'down')), 'worker down: exited with code 1; crash loop (5 crashes in 60 s), retrying every 30 s');
});

test('degraded, all up, idle', () => {
  assert.equal(traySummary(list([status('api', { health: 'unhealthy' })], 'degraded')), 'api unhealthy');
  assert.equal(traySummary(list([status('api', { state: 'starting' })], 'degraded')), 'api starting');
  assert.equal(traySummary(list([status('api'), status('worker', { state: 'waiting', pid: null })])), 'Upkeep: all 2 services up');
  assert.equal(traySummary(list([status('api')])), 'Upkeep: api up');
  assert.equal(traySummary(list([status('api', { state: 'stopped', pid: null })], 'idle')), 'Upkeep: nothing running');
  assert.equal(traySummary(list([], 'idle')), 'Upkeep: no services yet');
});

test('a config error is mentioned, and the line fits a Windows tooltip', () => {
  assert.match(traySummary(list([status('api')], 'up', 'config.json: services.0.port: must be 1–65535')), /config\.json has an error/);
  const long = status('x'.repeat(60), { state: 'backoff', pid: null, reason: 'y'.repeat(200) });
  const line = traySummary(list([long], 'down'));
  assert.equal(line.length, 127);
  assert.ok(line.endsWith('…'));
});
