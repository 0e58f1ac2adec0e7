import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry, ServiceState } from '../../app/api.ts';
import { availability, formatUptime, segmentTone } from '../../app/shared/availability.ts';

const MIN = 60_000;
function at(minute: number, to: ServiceState, reason: string, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return { at: minute * MIN, service: 'api', from: null, to, reason, kind: 'transition', ...extra };
}
const kinds = (entries: HistoryEntry[], from: number, to: number) =>
  availability(entries, { from: from * MIN, to: to * MIN }).segments.map((s) => [s.kind, s.from / MIN, s.to / MIN]);

test('states map to up, degraded, down and stopped; an idle executor waiting for its relaunch is up', () => {
  const entries = [
    at(0, 'starting', 'autostart'),
    at(1, 'running', 'healthy: 200', { health: 'healthy' }),
    at(10, 'waiting', 'exited with code 0; relaunch in 5 s'),
    at(11, 'running', 'relaunched'),
    at(20, 'backoff', 'exited with code 1', { kind: 'crash' }),
    at(21, 'failed', 'crash loop', { kind: 'crash' }),
    at(30, 'stopped', 'stopped by user'),
  ];
  assert.deepEqual(kinds(entries, 0, 40), [
    ['degraded', 0, 1],
    ['up', 1, 20],
    ['down', 20, 30],
    ['stopped', 30, 40],
  ]);
});

test('unhealthy is degraded, and healthy again is up (health recorded on the entry, or only in the reason of an old one)', () => {
  const entries = [
    at(0, 'running', 'started'),
    at(5, 'running', 'unhealthy: connection refused', { kind: 'health', health: 'unhealthy' }),
    at(6, 'running', 'healthy: 200', { kind: 'health', health: 'healthy' }),
    at(8, 'running', 'unhealthy: timeout', { kind: 'health' }),
    at(9, 'running', 'healthy: ok', { kind: 'health' }),
  ];
  assert.deepEqual(kinds(entries, 0, 10), [
    ['up', 0, 5],
    ['degraded', 5, 6],
    ['up', 6, 8],
    ['degraded', 8, 9],
    ['up', 9, 10],
  ]);
});

test('between an engine stop and the next start Upkeep was not running; an open stop runs up to now', () => {
  const engine = (minute: number, what: 'started' | 'stopped', state: ServiceState): HistoryEntry =>
    at(minute, state, `Upkeep ${what}`, { kind: 'engine', engine: what });
  const entries = [
    engine(0, 'started', 'stopped'),
    at(0, 'running', 'started'),
    engine(10, 'stopped', 'running'),
    engine(20, 'started', 'stopped'),
    at(20, 'running', 'adopted running process (pid 7)'),
    engine(30, 'stopped', 'running'),
  ];
  const result = availability(entries, { from: 0, to: 40 * MIN });
  assert.deepEqual(
    result.segments.map((s) => [s.kind, s.from / MIN, s.to / MIN]),
    [
      ['up', 0, 10],
      ['offline', 10, 20],
      ['up', 20, 30],
      ['offline', 30, 40],
    ],
  );
  assert.equal(result.segments[1]!.reason, 'Upkeep stopped');
  assert.equal(result.uptime, 1, 'the time nobody watched is not counted as down');
});

test('the window clips segments, time before the first entry is unknown, and each segment keeps the reason that began it', () => {
  const entries = [at(-60, 'running', 'started (pid 1)'), at(5, 'backoff', 'exited with code 1', { kind: 'crash' }), at(6, 'running', 'restarted after a crash')];
  const result = availability(entries, { from: 0, to: 10 * MIN });
  assert.deepEqual(result.segments.map((s) => [s.kind, s.from / MIN, s.to / MIN, s.reason]), [
    ['up', 0, 5, 'started (pid 1)'],
    ['down', 5, 6, 'exited with code 1'],
    ['up', 6, 10, 'restarted after a crash'],
  ]);
  assert.equal(result.uptime, 0.9);
  assert.deepEqual(kinds([at(5, 'running', 'added')], 0, 10), [
    ['unknown', 0, 5],
    ['up', 5, 10],
  ]);
  assert.deepEqual(kinds([], 0, 10), [['unknown', 0, 10]]);
  assert.equal(availability([], { from: 0, to: 10 }).uptime, null);
});

test('entries out of order are sorted; equal times keep their written order', () => {
  const entries = [at(5, 'running', 'b'), at(0, 'starting', 'a'), at(5, 'backoff', 'c', { kind: 'crash' })];
  assert.deepEqual(kinds(entries, 0, 10), [
    ['degraded', 0, 5],
    ['down', 5, 10],
  ]);
});

test('uptime excludes stopped time; the figure never rounds a miss up to 100%', () => {
  const entries = [at(0, 'running', 'up'), at(9, 'stopped', 'stopped by user')];
  assert.equal(availability(entries, { from: 0, to: 100 * MIN }).uptime, 1);
  assert.equal(formatUptime(1), '100%');
  assert.equal(formatUptime(0.99999), '99.9%');
  assert.equal(formatUptime(0.5), '50.0%');
  assert.equal(formatUptime(null), '—');
  assert.deepEqual(['up', 'degraded', 'down', 'stopped', 'offline', 'unknown'].map((k) => segmentTone(k as never)), ['up', 'degraded', 'down', 'idle', 'idle', null]);
});
