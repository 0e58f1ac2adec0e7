import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rotateIfNeeded } from '../../app/logs/rotate.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upkeep-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (file: string): string => fs.readFileSync(file, 'utf8');

test('a log under the limit, or a missing one, is left alone', async () => {
  const file = path.join(dir, 'small.log');
  fs.writeFileSync(file, 'tiny\n');
  assert.equal(await rotateIfNeeded(file, { maxBytes: 1024, keepFiles: 3 }), false);
  assert.equal(read(file), 'tiny\n');
  assert.equal(fs.existsSync(`${file}.1`), false);
  assert.equal(await rotateIfNeeded(path.join(dir, 'missing.log'), { maxBytes: 1, keepFiles: 3 }), false);
});

test('rotation keeps the same file (inode), moves the content to .1 and keeps at most N files', async () => {
  const file = path.join(dir, 'service.log');
  fs.writeFileSync(file, '');
  const inode = fs.statSync(file).ino;
  for (const round of [1, 2, 3, 4]) {
    fs.appendFileSync(file, `round ${round}\n`.padEnd(100, '.'));
    assert.equal(await rotateIfNeeded(file, { maxBytes: 50, keepFiles: 2 }), true);
    assert.equal(fs.statSync(file).ino, inode, 'the service keeps writing to the same file');
    assert.equal(fs.statSync(file).size, 0);
  }
  assert.match(read(`${file}.1`), /^round 4/);
  assert.match(read(`${file}.2`), /^round 3/);
  assert.equal(fs.existsSync(`${file}.3`), false);
});

test('keepFiles 0 only empties the file', async () => {
  const file = path.join(dir, 'nokeep.log');
  fs.writeFileSync(file, 'x'.repeat(100));
  assert.equal(await rotateIfNeeded(file, { maxBytes: 10, keepFiles: 0 }), true);
  assert.equal(fs.statSync(file).size, 0);
  assert.equal(fs.existsSync(`${file}.1`), false);
});

test('a running service writing through its own O_APPEND fd keeps logging into the rotated file, without a hole', async (t) => {
  const file = path.join(dir, 'live.log');
  const fd = fs.openSync(file, 'a');
  // Like the engine's spawn: the child's stdout is the log file itself.
  const child = spawn(process.execPath, ['-e', 'let i = 0; setInterval(() => console.log(`tick ${i++}`), 5)'], {
    stdio: ['ignore', fd, 'ignore'],
  });
  fs.closeSync(fd);
  t.after(() => child.kill('SIGKILL'));

  const deadline = Date.now() + 10_000;
  while (fs.statSync(file).size < 2_000) {
    assert.ok(Date.now() < deadline, 'the child never wrote enough');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(await rotateIfNeeded(file, { maxBytes: 1_000, keepFiles: 1 }), true);
  const rotated = read(`${file}.1`);
  const lastRotated = Number(/tick (\d+)\n$/.exec(rotated)?.[1]);
  while (!/\n/.test(read(file))) {
    assert.ok(Date.now() < deadline, 'the child stopped writing after the rotation');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const current = read(file);
  assert.ok(!current.startsWith('\0'), 'O_APPEND writes land at the new end, not after a hole of zeros');
  const firstCurrent = Number(/tick (\d+)/.exec(current)?.[1]);
  assert.ok(firstCurrent > lastRotated, `the new file continues the old one (${lastRotated} → ${firstCurrent})`);
});
