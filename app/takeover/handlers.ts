/** One handler per kind of rival, looked up by a finding's locator. */
import type { RivalKind } from '../rivals/finding.ts';
import type { RivalHandler } from './rival-handler.ts';
import { cronHandler } from './retire/cron.ts';
import { launchdHandler } from './retire/launchd.ts';
import { pm2Handler } from './retire/pm2.ts';
import { supervisordHandler } from './retire/supervisord.ts';
import { systemdHandler } from './retire/systemd.ts';
import { watchdogHandler } from './retire/watchdog.ts';

const HANDLERS: { [K in RivalKind]: RivalHandler<K> } = {
  pm2: pm2Handler,
  supervisord: supervisordHandler,
  systemd: systemdHandler,
  launchd: launchdHandler,
  cron: cronHandler,
  watchdog: watchdogHandler,
};

export function handlerFor<K extends RivalKind>(kind: K): RivalHandler<K> {
  return HANDLERS[kind];
}
