/**
 * electron-builder.yml, checked without building anything (that needs the
 * internet): electron-builder's own loader and schema validation, the
 * platform targets, the Electron fuses, the files it copies, and the CLI
 * wrapper working from the packaged layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { tempHome } from '../support/temp-home.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG = path.join(ROOT, 'electron-builder.yml');

// electron-builder's modules, all through one require so they share one instance of its
// logger — which is told to keep its lines here: stdout belongs to node:test's protocol.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as typeof import('app-builder-lib/out/util/config/config.js');
const { DebugLogger, log } = require('builder-util') as typeof import('builder-util');
const builderLog: string[] = [];
Object.assign(log, { stream: { write: (text: string) => builderLog.push(text) } });

const load = () => getConfig(ROOT, CONFIG, null);
const validate = (config: Configuration) => validateConfiguration(config, new DebugLogger(false));

test('electron-builder.yml passes electron-builder\'s own schema validation', async () => {
  await validate(await load());
});

test('the validation bites: a misspelt fuse or a wrong type is rejected', async () => {
  const config = await load();
  await assert.rejects(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as Configuration['electronFuses'] }), /configuration\.electronFuses/);
  await assert.rejects(validate({ ...config, asar: 'yes' as unknown as boolean }), /asar/);
});

test('targets: macOS dmg + zip, Linux AppImage + deb, and no Windows until the engine runs there; icons from build/', async () => {
  const config = await load();
  const targets = (platform: 'mac' | 'linux' | 'win') => config[platform]?.target;
  assert.deepEqual(targets('mac'), ['dmg', 'zip']);
  assert.deepEqual(targets('linux'), ['AppImage', 'deb']);
  assert.equal(config.win, undefined, 'Windows is not claimed');
  assert.equal(config.nsis, undefined);
  for (const platform of ['mac', 'linux'] as const) {
    const icon = config[platform]?.icon;
    assert.equal(icon, 'build/icon.png', platform);
    const png = PNG.sync.read(readFileSync(path.join(ROOT, icon)));
    assert.ok(png.width >= 512 && png.width === png.height, 'electron-builder needs a square icon of 512 px or more for .icns');
  }
  assert.equal(config.directories?.buildResources, 'build');
});

test('fuses: no run-as-node, no NODE_OPTIONS, no inspector, app only from an integrity-checked asar, encrypted cookies', async () => {
  const config = await load();
  assert.equal(config.asar, true);
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
  });
});

test('everything the config copies exists: the bundles, the tray icons, the CLI and its wrappers', async () => {
  const config = await load();
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
  assert.ok(existsSync(path.join(ROOT, pkg.main)), `${pkg.main} is missing: run npm run build`);
  assert.ok(existsSync(path.join(ROOT, 'dist', 'preload.cjs')), 'dist/preload.cjs is missing: run npm run build');
  const extra = (config.extraResources ?? []) as Array<{ from: string; to: string }>;
  for (const { from } of extra) assert.ok(existsSync(path.join(ROOT, from)), `${from} is missing`);
  assert.deepEqual(extra.map((e) => e.to).sort(), ['bin', 'cli/chunks', 'cli/cli.mjs', 'icon.png', 'tray']);
  for (const state of ['up', 'degraded', 'down', 'idle']) assert.ok(existsSync(path.join(ROOT, 'build', 'tray', `${state}Template@2x.png`)));
});

test('the CLI runs from the packaged layout, through a symlink on PATH', { skip: process.platform === 'win32' ? 'a POSIX shell wrapper' : false }, (t) => {
  const cli = path.join(ROOT, 'dist', 'cli.mjs');
  assert.ok(existsSync(cli), 'dist/cli.mjs is missing: run npm run build');
  const dir = tempHome(t);
  // <resources>/bin/upkeep and <resources>/cli/{cli.mjs,chunks}, as extraResources lays them out.
  const resources = path.join(dir, 'Upkeep.app', 'Contents', 'Resources');
  mkdirSync(path.join(resources, 'bin'), { recursive: true });
  mkdirSync(path.join(resources, 'cli'));
  copyFileSync(path.join(ROOT, 'build', 'bin', 'upkeep'), path.join(resources, 'bin', 'upkeep'));
  copyFileSync(cli, path.join(resources, 'cli', 'cli.mjs'));
  cpSync(path.join(ROOT, 'dist', 'chunks'), path.join(resources, 'cli', 'chunks'), { recursive: true });
  mkdirSync(path.join(dir, 'usr-local-bin'));
  const onPath = path.join(dir, 'usr-local-bin', 'upkeep');
  symlinkSync(path.join(resources, 'bin', 'upkeep'), onPath);
  const env = { ...process.env, UPKEEP_HOME: path.join(dir, 'home'), PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
  const help = execFileSync(onPath, ['--help'], { env, encoding: 'utf8', timeout: 15_000 });
  assert.match(help, /^usage: upkeep COMMAND/);
  // A real command against an empty data dir: exits 0 (execFileSync throws otherwise).
  execFileSync(onPath, ['status'], { env, encoding: 'utf8', timeout: 15_000 });
});
