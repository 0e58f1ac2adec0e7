/**
 * One Upkeep app per user: a second launch (from the dock, the menu, a login
 * item racing a manual start) just brings the first one's window forward.
 */
import type { AppLike } from './electron-seams.ts';

/** False when another instance already runs: this one should quit at once. */
export function claimSingleInstance(app: AppLike, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}
