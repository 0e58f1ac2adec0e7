// `npm start`: the desktop app when Electron can run here; otherwise one line
// saying why, and the same window in the browser (`upkeep serve --open`), so a
// newcomer offline or without a display still gets the app instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
/** The first launch downloads the Electron binary; past this it counts as offline. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  const installed = () => existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  if (!installed()) spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'inherit', timeout: DOWNLOAD_TIMEOUT_MS });
  return installed() ? path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
}

/** Why the desktop app cannot start here, or null with the binary to run. */
function whyNot(env = process.env) {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'no display to show the desktop app on (DISPLAY is not set)' };
  const binary = electronBinary();
  if (!binary) return { reason: 'the Electron binary is not installed and could not be downloaded (offline?)' };
  return { binary };
}

function run(file, args) {
  const child = spawn(file, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const verdict = whyNot();
if (verdict.binary) {
  run(verdict.binary, ['.']);
} else {
  console.log(`upkeep: ${verdict.reason}; opening the window in your browser instead (upkeep serve --open)`);
  run(process.execPath, [path.join(root, 'bin', 'upkeep.mjs'), 'serve', '--open']);
}
