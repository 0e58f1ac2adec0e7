/** Every home the bench uses lives under one temp dir per run, removed at the end. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Short on purpose: supervisord's, PM2's and Upkeep's unix sockets live in here (sun_path ≤ 107 bytes).
export const RUN_ROOT = mkdtempSync(path.join(os.tmpdir(), 'ukb-'));

export function tempDir(name: string): string {
  return mkdtempSync(path.join(RUN_ROOT, `${name}-`));
}

export function removeTempRoot(): void {
  rmSync(RUN_ROOT, { recursive: true, force: true });
}
