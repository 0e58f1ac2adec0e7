/**
 * The example services a newcomer gets on first run: a webhook
 * `runner` that must stay up and an `executor` that exits when its queue is
 * empty and is started again when a job lands in it. Both are plain Node scripts in `examples/`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceSpec } from './config/schema.ts';

export const EXAMPLE_RUNNER_PORT = 5555;

export function exampleServices(examplesDir: string, queueDir: string): ServiceSpec[] {
  // Inside Electron, process.execPath is the app, not Node: the scripts need a real `node` on PATH there.
  const node = process.versions.electron ? 'node' : process.execPath;
  return [
    {
      name: 'runner',
      command: [node, path.join(examplesDir, 'runner', 'server.mjs')],
      cwd: examplesDir,
      env: { QUEUE_DIR: queueDir },
      port: EXAMPLE_RUNNER_PORT,
      portEnv: 'PORT',
      restart: 'always',
      autostart: true,
      health: {
        kind: 'http',
        url: 'http://127.0.0.1:{port}/health',
        json: { path: 'overall_status', equals: 'operational' },
      },
    },
    {
      name: 'executor',
      command: [node, path.join(examplesDir, 'executor', 'executor.mjs')],
      cwd: examplesDir,
      env: { QUEUE_DIR: queueDir },
      restart: 'always',
      autostart: true,
      // It exits when the queue is empty: start it again when a job lands there (launchd's QueueDirectories), not every second.
      relaunch: { whenNotEmpty: queueDir },
    },
  ];
}

/** `examples/` of this checkout: beside `app/` from source, beside `dist/` when bundled; null when not shipped. */
export function findExamplesDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', 'examples'), path.resolve(here, '..', '..', 'examples')];
  return candidates.find((dir) => existsSync(path.join(dir, 'runner', 'server.mjs'))) ?? null;
}
