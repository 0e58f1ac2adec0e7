import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { HistoryEntry } from '../../app/api.ts';
import { HistoryStore } from '../../app/history/store.ts';
import { Journal } from '../../app/history/journal.ts';
import { dataPaths } from '../../app/paths.ts';
import { tempHome } from '../support/temp-home.ts';

const entry = (service: string, at: number, reason = `entry at ${at}`): HistoryEntry => ({
  at,
  service,
  from: 'running',
  to: 'backoff',
  reason,
  kind: 'crash',
  health: 'unknown',
});

test('entries are appended as JSON lines at the end of their turn and read back oldest first, with --since', async (t) => {
  const paths = dataPaths(tempHome(t));
  const store = new HistoryStore(paths, () => assert.fail('no problem expected'));
  for (let i = 1; i <= 5; i += 1) store.append(entry('api', i * 1000));
  assert.equal(existsSync(paths.history('api')), false, 'written at the end of the turn, not one write per entry');
  await new Promise((resolve) => setImmediate(resolve));
  const lines = readFileSync(paths.history('api'), 'utf8').split('\n').filter(Boolean);
  assert.equal(lines.length, 5);
  assert.deepEqual(JSON.parse(lines[0]!), entry('api', 1000), 'one entry per line, as the API shapes it');
  assert.deepEqual(store.read('api').entries.map((e) => e.at), [1000, 2000, 3000, 4000, 5000]);
  assert.deepEqual(store.read('api', { since: 3000 }).entries.map((e) => e.reason), ['entry at 3000', 'entry at 4000', 'entry at 5000']);
  assert.deepEqual(store.read('other').entries, []);
});

test('a file is rotated by size, old files are dropped beyond keepFiles, and reading spans the files in order', (t) => {
  const paths = dataPaths(tempHome(t));
  const store = new HistoryStore(paths, () => undefined, { maxFileBytes: 1000, keepFiles: 2, maxTotalBytes: 1_000_000 });
  for (let i = 0; i < 60; i += 1) store.append(entry('api', i));
  store.flush();
  const files = readdirSync(paths.historyDir).filter((f) => f.startsWith('api.')).sort();
  assert.deepEqual(files, ['api.jsonl', 'api.jsonl.1', 'api.jsonl.2']);
  for (const file of files) assert.ok(statSync(path.join(paths.historyDir, file)).size <= 1000, `${file} within the size bound`);
  const ats = store.read('api').entries.map((e) => e.at);
  assert.equal(ats[ats.length - 1], 59, 'the newest entry is there');
  assert.ok(ats[0]! > 0, 'the oldest were dropped with the oldest file');
  assert.deepEqual(ats, [...ats].sort((a, b) => a - b), 'in order across files');
  // A window inside the newest file does not need the older ones (and gets only what it asked for).
  assert.deepEqual(store.read('api', { since: 58 }).entries.map((e) => e.at), [58, 59]);
});

test('all services together stay under the total cap: the oldest rotated files go first', (t) => {
  const paths = dataPaths(tempHome(t));
  const store = new HistoryStore(paths, () => undefined, { maxFileBytes: 1000, keepFiles: 3, maxTotalBytes: 4000 });
  for (let i = 0; i < 40; i += 1) store.append(entry('old', i));
  for (let i = 0; i < 40; i += 1) store.append(entry('new', 100 + i));
  store.flush();
  const total = readdirSync(paths.historyDir).reduce((sum, f) => sum + statSync(path.join(paths.historyDir, f)).size, 0);
  assert.ok(total <= 4000 + 1000, `total ${total} bytes stays about the cap`);
  assert.ok(existsSync(paths.history('old')) && existsSync(paths.history('new')), 'files being written are never dropped');
  assert.ok(!existsSync(`${paths.history('old')}.3`), "old's oldest rotated file went first");
});

test('a corrupt or cut-off line is skipped with a notice, once; the rest is read', (t) => {
  const paths = dataPaths(tempHome(t));
  const problems: string[] = [];
  const store = new HistoryStore(paths, (message) => problems.push(message));
  store.append(entry('api', 1));
  store.flush();
  appendFileSync(paths.history('api'), 'garbage that is not json\n{"at": "yesterday"}\n');
  store.append(entry('api', 2));
  store.flush();
  appendFileSync(paths.history('api'), '{"at":3,"service":"api","fr');
  const read = store.read('api');
  assert.deepEqual(read.entries.map((e) => e.at), [1, 2]);
  assert.equal(read.skipped.length, 3);
  assert.match(read.skipped[0]!, /api\.jsonl line 2: not JSON; skipped/);
  assert.match(read.skipped[1]!, /line 3: at: .*; skipped/);
  assert.match(read.skipped[2]!, /line 5: not JSON \(cut off\); skipped/);
  store.read('api');
  assert.equal(problems.length, 3, 'each bad line is told once, not on every read');
  assert.equal(store.last('api')?.at, 2, 'the last whole entry, past a torn one');
});

test('an unwritable history folder is told once and never throws', (t) => {
  const home = tempHome(t);
  const paths = dataPaths(home);
  writeFileSync(paths.historyDir, 'a file where the folder should be');
  const problems: string[] = [];
  const store = new HistoryStore(paths, (message) => problems.push(message));
  store.append(entry('api', 1));
  store.flush();
  store.append(entry('api', 2));
  store.flush();
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /cannot write .*history.*api\.jsonl/);
});

test('an engine that was killed gets its stop written by the next one, at the time it was last seen', (t) => {
  const home = tempHome(t);
  const paths = dataPaths(home);
  mkdirSync(paths.historyDir);
  const first = new Journal(paths, () => undefined);
  first.opened([{ name: 'api', state: 'stopped', health: 'unknown' }], 1_000);
  first.record({ ...entry('api', 2_000, 'started (pid 1)'), from: 'starting', to: 'running', kind: 'transition' });
  // Killed here, once that turn's entries were written: no closed() call.
  first.store.flush();
  const second = new Journal(paths, () => undefined);
  second.opened([{ name: 'api', state: 'stopped', health: 'unknown' }], Date.now());
  const entries = second.read('api').entries;
  assert.deepEqual(entries.map((e) => [e.kind, e.engine ?? null]), [
    ['engine', 'started'],
    ['transition', null],
    ['engine', 'stopped'],
    ['engine', 'started'],
  ]);
  const stop = entries[2]!;
  assert.match(stop.reason, /without a word/);
  assert.ok(stop.at >= 2_000 && stop.at <= Date.now(), 'the stop is placed at the last sign of life');
  assert.equal(stop.to, 'running', 'what it was doing then');
  second.closed([{ name: 'api', state: 'running', health: 'healthy' }]);
  const last = second.read('api').entries.at(-1)!;
  assert.deepEqual([last.engine, last.reason], ['stopped', 'Upkeep stopped']);
  // A clean stop is not doubled by the next start.
  const third = new Journal(paths, () => undefined);
  third.opened([{ name: 'api', state: 'stopped', health: 'unknown' }]);
  third.closed([]);
  assert.equal(third.read('api').entries.filter((e) => /without a word/.test(e.reason)).length, 1);
});
