import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { followFile, MAX_PARTIAL_LINE } from '../../app/logs/follow.ts';
import { LineCollector } from './line-collector.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function follow(t: { after: (fn: () => void) => void }, file: string): LineCollector {
  const collector = new LineCollector();
  const unfollow = followFile(file, collector.push);
  t.after(unfollow);
  return collector;
}

test('emits lines appended after it starts, not the ones before', async (t) => {
  const file = path.join(dir, 'append.log');
  fs.writeFileSync(file, 'old 1\nold 2\n');
  const seen = follow(t, file);
  fs.appendFileSync(file, 'new 1\nnew 2\n');
  await seen.until((lines) => lines.length >= 2);
  assert.deepEqual(seen.lines, ['new 1', 'new 2']);
});

test('holds a partial line until its newline arrives', async (t) => {
  const file = path.join(dir, 'partial.log');
  fs.writeFileSync(file, '');
  const seen = follow(t, file);
  fs.appendFileSync(file, 'hel');
  fs.appendFileSync(file, 'lo\nwor');
  await seen.until((lines) => lines.length >= 1);
  fs.appendFileSync(file, 'ld\n');
  await seen.until((lines) => lines.length >= 2);
  assert.deepEqual(seen.lines, ['hello', 'world']);
});

test('waits for a file that does not exist yet, even in a folder that does not exist yet', async (t) => {
  const file = path.join(dir, 'later', 'service.log');
  const seen = follow(t, file);
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'first\nsecond\n');
  await seen.until((lines) => lines.length >= 2);
  assert.deepEqual(seen.lines, ['first', 'second']);
});

test('keeps following across rename rotation and loses nothing written before the rename', async (t) => {
  const file = path.join(dir, 'renamed.log');
  fs.writeFileSync(file, '');
  const seen = follow(t, file);
  fs.appendFileSync(file, 'before\n');
  await seen.until((lines) => lines.includes('before'));
  // Written and renamed in one go, so the follower has not read it yet when the file moves.
  fs.appendFileSync(file, 'just before the rename\n');
  fs.renameSync(file, `${file}.1`);
  fs.writeFileSync(file, 'after\n');
  await seen.until((lines) => lines.includes('after'));
  assert.deepEqual(seen.lines, ['before', 'just before the rename', 'after']);
});

test('keeps following when the file is copied and truncated', async (t) => {
  const file = path.join(dir, 'truncated.log');
  fs.writeFileSync(file, '');
  const seen = follow(t, file);
  fs.appendFileSync(file, 'a fairly long line before truncation\n');
  await seen.until((lines) => lines.length >= 1);
  fs.truncateSync(file, 0);
  fs.appendFileSync(file, 'short\n');
  await seen.until((lines) => lines.includes('short'));
  assert.deepEqual(seen.lines, ['a fairly long line before truncation', 'short']);
});

test('a line with no newline is emitted in bounded pieces', async (t) => {
  const file = path.join(dir, 'endless.log');
  fs.writeFileSync(file, '');
  const seen = follow(t, file);
  fs.appendFileSync(file, 'y'.repeat(MAX_PARTIAL_LINE * 3 + 10));
  await seen.until((lines) => lines.length >= 3);
  assert.ok(seen.lines.every((line) => line.length <= MAX_PARTIAL_LINE));
  assert.equal(seen.lines.join('').length, MAX_PARTIAL_LINE * 3);
});

test('unfollow stops the lines and closes the file', { skip: process.platform !== 'linux' }, async () => {
  const file = path.join(dir, 'unfollow.log');
  fs.writeFileSync(file, '');
  const openFds = () => fs.readdirSync('/proc/self/fd').length;
  const before = openFds();
  const seen = new LineCollector();
  const unfollow = followFile(file, seen.push);
  assert.equal(openFds(), before + 1, 'the follower holds the file open');
  unfollow();
  assert.equal(openFds(), before, 'unfollow released the file');
  fs.appendFileSync(file, 'nobody listens\n');
  // Give the watcher and the stat fallback every chance to fire (one fallback period).
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  assert.deepEqual(seen.lines, []);
});
