/**
 * Where the shell's files are. The bundles sit next to the bundled main
 * (dist/, inside app.asar when packaged); the icons come from build/ in the
 * repository and from the resources folder when packaged (electron-builder
 * keeps build/ out of the asar, so electron-builder.yml copies them there).
 */
import path from 'node:path';

export interface ShellResources {
  preload: string;
  rendererIndex: string;
  /** Holds tray/<state>.png and icon.png (made by scripts/make-icons.mjs). */
  iconDir: string;
  appIcon: string;
}

export function shellResources(distDir: string, packagedResourcesDir: string | null = null): ShellResources {
  const iconDir = packagedResourcesDir ?? path.join(distDir, '..', 'build');
  return {
    preload: path.join(distDir, 'preload.cjs'),
    rendererIndex: path.join(distDir, 'renderer', 'index.html'),
    iconDir,
    appIcon: path.join(iconDir, 'icon.png'),
  };
}
