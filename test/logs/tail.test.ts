import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tailLines } from '../../app/logs/tail.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string): string => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, content);
  return full;
};

test('a missing file has no lines', async () => {
  assert.deepEqual(await tailLines(path.join(dir, 'nope.log'), 10), []);
});

test('returns the last n lines, in order', async () => {
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
  const log = file('many.log', `${lines.join('\n')}\n`);
  assert.deepEqual(await tailLines(log, 3), ['line 97', 'line 98', 'line 99']);
  assert.deepEqual(await tailLines(log, 0), []);
});

test('a file shorter than n gives every line; an unfinished last line counts', async () => {
  const log = file('short.log', 'a\r\nb\nc');
  assert.deepEqual(await tailLines(log, 10), ['a', 'b', 'c']);
  assert.deepEqual(await tailLines(file('empty.log', ''), 10), []);
});

test('lines longer than a read chunk come back whole', async () => {
  const long = 'x'.repeat(200_000);
  const log = file('long.log', `first\n${long}\nlast\n`);
  assert.deepEqual(await tailLines(log, 2), [long, 'last']);
});

test('`end` reads as if the file stopped there', async () => {
  const log = file('end.log', 'one\ntwo\nthree\n');
  assert.deepEqual(await tailLines(log, 5, { end: 'one\ntwo\n'.length }), ['one', 'two']);
});

test('the tail of a 1 GB log costs a few reads, not the file', async () => {
  const log = path.join(dir, 'huge.log');
  const ending = '\nsecond to last\nthe last line\n';
  // Sparse: a gigabyte of zeros that takes no disk, then real lines at the end.
  fs.writeFileSync(log, '');
  fs.truncateSync(log, 1024 ** 3);
  fs.appendFileSync(log, ending);
  const started = performance.now();
  const lines = await tailLines(log, 2);
  const elapsed = performance.now() - started;
  assert.deepEqual(lines, ['second to last', 'the last line']);
  // Reading the whole gigabyte takes seconds; a few 64 KiB reads take a millisecond or two.
  assert.ok(elapsed < 250, `took ${elapsed.toFixed(1)} ms`);
});
