/**
 * The tray menu as data, built from a `list()` result: rebuilt on every
 * change, since Electron menus cannot be patched in place (and Linux shows no
 * tray icon at all without one).
 */
import type { ListResult, ServiceStatus } from '../app/api.ts';
import type { MenuItemOptions } from './electron-seams.ts';
import { hasRival } from '../app/shared/rival-owner.ts';
import { conditionOf, sinceText, stateLabel, troubleText } from './service-condition.ts';

export interface TrayActions {
  restart(name: string): void;
  start(name: string): void;
  stop(name: string): void;
  showLogs(name: string): void;
  openInBrowser(name: string): void;
  copyUrl(name: string): void;
  restoreAll(): void;
  /** Shows the takeover plan and acts only when confirmed. */
  takeOver(name: string): void;
  openWindow(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuState {
  startAtLogin: boolean;
}

/** When the menu is drawn, and when the list it shows was current (its uptimes were measured then). */
export interface MenuClock {
  now: number;
  listAt: number;
}

const MARK: Record<ReturnType<typeof conditionOf>, string> = {
  ok: '●',
  busy: '◐',
  down: '✕',
  failed: '✕',
  off: '○',
};

export function trayMenuTemplate(list: ListResult, state: TrayMenuState, actions: TrayActions, clock: MenuClock = { now: Date.now(), listAt: Date.now() }): MenuItemOptions[] {
  const items: MenuItemOptions[] = [];
  if (list.engine.configError) {
    items.push({ label: 'config.json has an error — open Upkeep to see it', enabled: false }, { type: 'separator' });
  }
  if (list.services.length === 0) {
    items.push({ label: 'No services yet', enabled: false });
  }
  for (const service of list.services) items.push(serviceItem(service, actions, clock));
  const needsRestore = list.aggregate === 'down' || list.aggregate === 'degraded' || list.services.some((s) => s.duplicates.length > 0);
  items.push(
    { type: 'separator' },
    { label: 'Restore all', enabled: needsRestore, click: () => actions.restoreAll() },
    { label: 'Open Upkeep', click: () => actions.openWindow() },
    { type: 'separator' },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: state.startAtLogin,
      click: () => actions.setStartAtLogin(!state.startAtLogin),
    },
    { type: 'separator' },
    { label: 'Quit Upkeep…', click: () => actions.quit() },
  );
  return items;
}

function serviceItem(service: ServiceStatus, actions: TrayActions, clock: MenuClock): MenuItemOptions {
  const { name } = service;
  const condition = conditionOf(service);
  const port = service.port === null ? '' : ` :${service.port}`;
  // A stopped service someone else keeps starting is trouble too: say who.
  const trouble = (condition !== 'ok' && condition !== 'off') || service.problem?.kind === 'rival' ? troubleText(service) : '';
  const submenu: MenuItemOptions[] = [];
  if (trouble) submenu.push({ label: trouble, enabled: false }, { type: 'separator' });
  if (hasRival(service)) submenu.push({ label: 'Take over…', click: () => actions.takeOver(name) }, { type: 'separator' });
  submenu.push({ label: 'Restart', click: () => actions.restart(name) });
  submenu.push(
    condition === 'off'
      ? { label: 'Start', click: () => actions.start(name) }
      : { label: 'Stop', enabled: service.state !== 'stopping', click: () => actions.stop(name) },
  );
  submenu.push({ label: 'Logs', click: () => actions.showLogs(name) });
  if (service.port !== null) {
    submenu.push(
      { label: `Open http://127.0.0.1:${service.port}/`, click: () => actions.openInBrowser(name) },
      { label: 'Copy URL', click: () => actions.copyUrl(name) },
    );
  }
  const since = sinceText(service, clock.now, clock.now - clock.listAt);
  return { label: `${MARK[condition]} ${name} — ${stateLabel(service)}${port}${since ? ` · ${since}` : ''}`, submenu };
}
