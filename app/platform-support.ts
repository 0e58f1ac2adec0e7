/**
 * Where the engine runs: macOS and Linux. Windows has no implementation of
 * the process table, port owners or run tags yet, so the engine says so
 * plainly instead of starting half-blind.
 */
export const SUPPORTED_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'darwin'];

export class UnsupportedPlatformError extends Error {}

export function assertSupportedPlatform(platform: NodeJS.Platform = process.platform): void {
  if (SUPPORTED_PLATFORMS.includes(platform)) return;
  const name = platform === 'win32' ? 'Windows' : platform;
  throw new UnsupportedPlatformError(`Upkeep does not support ${name} yet: it runs on macOS and Linux`);
}
