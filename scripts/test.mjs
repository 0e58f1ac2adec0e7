// Runs every test/**/*.test.ts with Node's own test runner (through tsx), two
// files at a time; files named *.serial.test.ts (timing bounds, like the
// crash-loop soak) run afterwards on their own, so a neighbour's CPU burst
// does not count against them. Ends with one "N passed, N failed" line for
// both phases. Browser tests need Debian's Chromium; .ci/run installs it.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return find(full);
    return entry.endsWith('.test.ts') || entry.endsWith('.test.tsx') ? [full] : [];
  });
}

function run(files, concurrency) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=120000', ...files],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, UPKEEP_TEST: '1' } },
    );
    const counts = { pass: 0, fail: 0, skipped: 0, todo: 0 };
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        // TAP's "# pass N" (Node 20 off a terminal) or spec's "ℹ pass N" (Node 23+ everywhere).
        const match = /^(?:#|ℹ) (pass|fail|skipped|todo) (\d+)$/.exec(line);
        if (match) counts[match[1]] = Number(match[2]);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, counts }));
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const serial = files.filter((file) => file.endsWith('.serial.test.ts'));
const parallel = files.filter((file) => !serial.includes(file));

const results = [];
if (parallel.length > 0) results.push(await run(parallel, 2));
if (serial.length > 0) results.push(await run(serial, 1));

const total = results.reduce(
  (sum, { counts }) => ({ pass: sum.pass + counts.pass, fail: sum.fail + counts.fail, skipped: sum.skipped + counts.skipped }),
  { pass: 0, fail: 0, skipped: 0 },
);
const failed = results.some((result) => result.code !== 0);
console.log(`${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped`);
process.exit(failed ? 1 : 0);
