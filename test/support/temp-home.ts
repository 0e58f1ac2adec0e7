/** A throwaway UPKEEP_HOME per test, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export function tempHome(t: TestContext): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upkeep-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
