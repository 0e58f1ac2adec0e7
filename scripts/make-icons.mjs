// Draws every icon Upkeep ships, so none is made by hand and a change of
// colour or shape is a code review: the tray icons per aggregate state
// (coloured for Linux and Windows, black "Template" images for macOS, which
// tints them itself and therefore can only tell states apart by shape), each at
// 1x and 2x, and the 1024 px app icon electron-builder turns into .icns/.ico.
//
//   node scripts/make-icons.mjs [outDir]     (default: build/)
//
// Shapes are inside-tests supersampled per pixel, so edges are
// anti-aliased and the output is byte-for-byte reproducible (a test checks the
// committed files against a fresh run).
import { PNG } from 'pngjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export const STATES = ['up', 'degraded', 'down', 'idle'];
/** Colours a glance can tell apart: green up, amber starting/unhealthy, red down, grey nothing enabled. */
export const STATE_COLOURS = {
  up: [46, 160, 67],
  degraded: [219, 154, 4],
  down: [229, 57, 53],
  idle: [138, 143, 152],
};
// Small icons need more samples per pixel for smooth edges; the big one is fine with 2×2.
const samplesFor = (size) => (size >= 256 ? 2 : 4);

// Shapes in unit coordinates (0..1 across the icon); each returns true when inside.
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= width / 2;
function segment(ax, ay, bx, by, width) {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2;
  };
}
const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));
const intersect = (...shapes) => (x, y) => shapes.every((s) => s(x, y));
function roundedSquare(inset, radius) {
  return (x, y) => {
    const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - radius), 0);
    const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - radius), 0);
    return Math.hypot(qx, qy) <= radius;
  };
}

/**
 * The state shapes, shared by the coloured and the template icons so colour is
 * never the only cue: up = full disc, degraded = ring half filled,
 * down = disc with a cross cut out, idle = empty ring.
 */
function stateLayers(state, rgb) {
  const c = 0.5;
  const r = 0.42;
  switch (state) {
    case 'up':
      return [{ shape: disc(c, c, r), rgb }];
    case 'degraded':
      return [
        { shape: ring(c, c, r - 0.06, 0.12), rgb },
        { shape: intersect(disc(c, c, r), (x) => x <= c), rgb },
      ];
    case 'down':
      return [
        { shape: disc(c, c, r), rgb },
        { shape: union(segment(0.33, 0.33, 0.67, 0.67, 0.13), segment(0.67, 0.33, 0.33, 0.67, 0.13)), rgb: null },
      ];
    case 'idle':
      return [{ shape: ring(c, c, r - 0.06, 0.12), rgb }];
    default:
      throw new Error(`unknown state ${state}`);
  }
}

function appIconLayers() {
  return [
    { shape: roundedSquare(0.06, 0.2), rgb: (x, y) => mix([24, 128, 112], [46, 160, 67], (x + y) / 2) },
    { shape: ring(0.5, 0.5, 0.27, 0.07), rgb: [255, 255, 255] },
    { shape: union(segment(0.38, 0.51, 0.46, 0.59, 0.07), segment(0.46, 0.59, 0.63, 0.41, 0.07)), rgb: [255, 255, 255] },
  ];
}

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * Math.max(0, Math.min(1, t))));

/** Paints layers in order; a layer whose rgb is null cuts a hole. */
function render(size, layers) {
  const SUPERSAMPLE = samplesFor(size);
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          let colour = null;
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            colour = layer.rgb === null ? null : typeof layer.rgb === 'function' ? layer.rgb(x, y) : layer.rgb;
          }
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a > 0 ? Math.round(r / a) : 0;
      png.data[i + 1] = a > 0 ? Math.round(g / a) : 0;
      png.data[i + 2] = a > 0 ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (SUPERSAMPLE * SUPERSAMPLE)) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** Every file, by path relative to the output dir. */
export function iconFiles() {
  const files = new Map();
  for (const state of STATES) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
      files.set(`tray/${state}${suffix}.png`, () => render(size, stateLayers(state, STATE_COLOURS[state])));
      files.set(`tray/${state}Template${suffix}.png`, () => render(size, stateLayers(state, [0, 0, 0])));
    }
  }
  files.set('icon.png', () => render(1024, appIconLayers()));
  return files;
}

export function writeIcons(outDir) {
  for (const [name, draw] of iconFiles()) {
    const file = path.join(outDir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, draw());
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? path.join(root, 'build'));
  writeIcons(outDir);
  console.log(`icons written to ${path.relative(process.cwd(), outDir) || '.'}`);
}
