/**
 * Which icon file shows an aggregate state. Electron loads `name@2x.png` next
 * to `name.png` by itself on HiDPI screens, and treats a name ending in
 * `Template` as a macOS template image (tinted by the menu bar, so the state
 * is told by shape there). The files come from scripts/make-icons.mjs.
 */
import path from 'node:path';
import type { Aggregate } from '../app/api.ts';

export function trayIconPath(iconDir: string, aggregate: Aggregate, platform: NodeJS.Platform = process.platform): string {
  const template = platform === 'darwin' ? 'Template' : '';
  return path.join(iconDir, 'tray', `${aggregate}${template}.png`);
}
