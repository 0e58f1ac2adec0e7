// Runs every test/**/*.test.ts with Node's own test runner (through tsx).
// Browser tests need Debian's Chromium; .ci/run installs it.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return find(full);
    return entry.endsWith('.test.ts') || entry.endsWith('.test.tsx') ? [full] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit', env: { ...process.env, UPKEEP_TEST: '1' } },
);
process.exit(result.status ?? 1);
