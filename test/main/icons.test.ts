// The tray must say up / degraded / down / idle at a glance on every platform:
// coloured on Linux and Windows, by shape alone in macOS template images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { trayIconPath } from '../../main/tray-icons.ts';

const root = path.resolve(import.meta.dirname, '../..');
const buildDir = path.join(root, 'build');
const STATES = ['up', 'degraded', 'down', 'idle'] as const;

const read = (file: string) => PNG.sync.read(readFileSync(file));
const alphaMask = (png: PNG) => Array.from({ length: png.width * png.height }, (_, i) => (png.data[i * 4 + 3] ?? 0) > 127);

test('every state has a 1x and a 2x icon, coloured and template', () => {
  for (const state of STATES) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
      for (const kind of ['', 'Template']) {
        const png = read(path.join(buildDir, 'tray', `${state}${kind}${suffix}.png`));
        assert.equal(png.width, size, `${state}${kind}${suffix}`);
        assert.equal(png.height, size);
      }
    }
  }
});

test('template images are black with alpha only, and the states differ by shape', () => {
  const masks = STATES.map((state) => {
    const png = read(path.join(buildDir, 'tray', `${state}Template@2x.png`));
    for (let i = 0; i < png.data.length; i += 4) {
      if ((png.data[i + 3] ?? 0) === 0) continue;
      assert.deepEqual([png.data[i], png.data[i + 1], png.data[i + 2]], [0, 0, 0], `${state}: coloured pixel in a template`);
    }
    return alphaMask(png);
  });
  for (let a = 0; a < masks.length; a++) {
    for (let b = a + 1; b < masks.length; b++) {
      const differing = masks[a]!.filter((on, i) => on !== masks[b]![i]).length;
      assert.ok(differing > 40, `${STATES[a]} and ${STATES[b]} look alike (${differing} pixels differ)`);
    }
  }
});

test('coloured icons are green, amber, red and grey', () => {
  const dominant = (state: string) => {
    const png = read(path.join(buildDir, 'tray', `${state}@2x.png`));
    const sum = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if ((png.data[i + 3] ?? 0) < 255) continue;
      sum[0]! += png.data[i]!;
      sum[1]! += png.data[i + 1]!;
      sum[2]! += png.data[i + 2]!;
      n++;
    }
    return sum.map((v) => v / n) as [number, number, number];
  };
  const [ur, ug, ub] = dominant('up');
  assert.ok(ug > ur + 60 && ug > ub + 60, 'up is green');
  const [dr, dg, db] = dominant('down');
  assert.ok(dr > dg + 100 && dr > db + 100, 'down is red');
  const [yr, yg, yb] = dominant('degraded');
  assert.ok(yr > yb + 100 && yg > yb + 80, 'degraded is amber');
  const [ir, ig, ib] = dominant('idle');
  assert.ok(Math.max(ir, ig, ib) - Math.min(ir, ig, ib) < 30, 'idle is grey');
});

test('the committed icons are exactly what scripts/make-icons.mjs draws', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'upkeep-icons-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/make-icons.mjs'), out], { stdio: 'pipe' });
    const names = [...STATES.flatMap((s) => [`${s}.png`, `${s}@2x.png`, `${s}Template.png`, `${s}Template@2x.png`].map((f) => `tray/${f}`)), 'icon.png'];
    for (const name of names) {
      assert.ok(readFileSync(path.join(out, name)).equals(readFileSync(path.join(buildDir, name))), `${name} differs: run node scripts/make-icons.mjs`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the app picks template images on macOS and coloured ones elsewhere', () => {
  assert.equal(trayIconPath(buildDir, 'down', 'darwin'), path.join(buildDir, 'tray', 'downTemplate.png'));
  assert.equal(trayIconPath(buildDir, 'down', 'linux'), path.join(buildDir, 'tray', 'down.png'));
  assert.equal(trayIconPath(buildDir, 'idle', 'win32'), path.join(buildDir, 'tray', 'idle.png'));
});
