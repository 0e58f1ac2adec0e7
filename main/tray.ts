/**
 * The tray icon: its image says the aggregate state, its tooltip says what is
 * wrong, its menu is rebuilt from every new list (Electron menus cannot be
 * patched in place, and Linux shows no tray icon without one).
 */
import type { ListResult } from '../app/api.ts';
import type { MenuApi, TrayClass, TrayLike } from './electron-seams.ts';
import { trayIconPath } from './tray-icons.ts';
import { trayMenuTemplate, type TrayActions, type TrayMenuState } from './tray-menu.ts';
import { traySummary } from './tray-summary.ts';

export interface ShellTray {
  update(list: ListResult): void;
  /** Rebuilds the menu from the last list (after a setting shown in it changed). */
  refresh(): void;
  destroy(): void;
}

export interface TrayOptions {
  iconDir: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
  menuState(): TrayMenuState;
  /** Left click: Windows and Linux users expect it to open the window. */
  onClick(): void;
}

const MENU_REFRESH_MS = 60_000;

export function createTray(electron: { Tray: TrayClass; Menu: MenuApi }, options: TrayOptions): ShellTray {
  let image = trayIconPath(options.iconDir, 'idle', options.platform);
  const tray: TrayLike = new electron.Tray(image);
  tray.on('click', () => options.onClick());
  let last: ListResult | null = null;
  let listAt = Date.now();

  const render = (list: ListResult) => {
    const next = trayIconPath(options.iconDir, list.aggregate, options.platform);
    if (next !== image) {
      image = next;
      tray.setImage(next);
    }
    tray.setToolTip(traySummary(list));
    tray.setContextMenu(electron.Menu.buildFromTemplate(trayMenuTemplate(list, options.menuState(), options.actions, { now: Date.now(), listAt })));
  };

  // "up 3 h" must move on while nothing happens (nothing happening is the point of a service that stays up).
  const ticker = setInterval(() => {
    if (last) render(last);
  }, MENU_REFRESH_MS);
  ticker.unref?.();

  return {
    update(list) {
      last = list;
      listAt = Date.now();
      render(list);
    },
    refresh() {
      if (last) render(last);
    },
    destroy: () => {
      clearInterval(ticker);
      tray.destroy();
    },
  };
}
