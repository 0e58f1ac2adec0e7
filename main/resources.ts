/**
 * Where the shell's files are, relative to the bundled main (dist/main.mjs):
 * the same layout in the repository and inside the packaged app's asar.
 */
import path from 'node:path';

export interface ShellResources {
  preload: string;
  rendererIndex: string;
  /** Holds tray/<state>.png and icon.png (made by scripts/make-icons.mjs). */
  iconDir: string;
  appIcon: string;
}

export function shellResources(distDir: string): ShellResources {
  const iconDir = path.join(distDir, '..', 'build');
  return {
    preload: path.join(distDir, 'preload.cjs'),
    rendererIndex: path.join(distDir, 'renderer', 'index.html'),
    iconDir,
    appIcon: path.join(iconDir, 'icon.png'),
  };
}
