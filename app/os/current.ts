/**
 * The OS layer for this machine, picked once from process.platform. Tests
 * force another one to run the macOS code on Linux: in process with
 * forceOsLayer, and in the engines and CLIs they spawn with UPKEEP_OS_LAYER=darwin.
 */
import { darwin } from './darwin.ts';
import type { OsLayer } from './layer.ts';
import { linux } from './linux.ts';

const LAYERS: Record<string, OsLayer> = { linux, darwin };

/** The engine refuses other platforms (platform-support.ts); a CLI there meets darwin's tools missing, as an error. */
function pick(name: string): OsLayer {
  return LAYERS[name] ?? darwin;
}

let chosen: OsLayer = pick(process.env.UPKEEP_OS_LAYER || process.platform);

export function osLayer(): OsLayer {
  return chosen;
}

/** Tests only: use `layer` until the returned function is called. */
export function forceOsLayer(layer: OsLayer): () => void {
  const before = chosen;
  chosen = layer;
  return () => {
    chosen = before;
  };
}
