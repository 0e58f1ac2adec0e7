/**
 * launchd: `launchctl bootout DOMAIN/LABEL` (unload) then `launchctl
 * disable DOMAIN/LABEL` (launchd's own override, so it does not load at the
 * next login). The plist is never deleted or edited. The undo enables it
 * and bootstraps it again if it was loaded.
 */
import { existsSync } from 'node:fs';
import { rivalChanged } from '../rival-changed.ts';
import type { HandlerContext, RivalHandler } from '../rival-handler.ts';
import { expectSuccess } from '../run-command.ts';
import { launchctlText } from './service-manager.ts';


function launchctl(ctx: HandlerContext, ...args: string[]) {
  return ctx.run('launchctl', args, { env: ctx.env });
}

const target = (locator: { domain: string; label: string }): string => `${locator.domain}/${locator.label}`;

export const launchdHandler: RivalHandler<'launchd'> = {
  kind: 'launchd',

  steps(locator) {
    return [
      {
        title: `Unload the launchd job ${locator.label} and disable it, so it does not load at the next login (the plist stays)`,
        files: [locator.plist],
        commands: [launchctlText('bootout', target(locator)), launchctlText('disable', target(locator))],
        scope: 'user',
      },
    ];
  },

  async check(locator) {
    if (!existsSync(locator.plist)) throw rivalChanged(`the plist ${locator.plist} is gone`);
  },

  async retire(locator, ctx) {
    const wasLoaded = (await launchctl(ctx, 'print', target(locator))).code === 0;
    if (wasLoaded) {
      expectSuccess(await launchctl(ctx, 'bootout', target(locator)), launchctlText('bootout', target(locator)));
      ctx.say(`launchd: unloaded ${locator.label}`);
    }
    expectSuccess(await launchctl(ctx, 'disable', target(locator)), launchctlText('disable', target(locator)));
    ctx.say(`launchd: disabled ${locator.label}`);
    return { kind: 'launchd', plist: locator.plist, label: locator.label, domain: locator.domain, wasLoaded };
  },

  undoSteps(entry) {
    return [
      {
        title: `Enable the launchd job ${entry.label} again${entry.wasLoaded ? ' and load it' : ''}`,
        files: [entry.plist],
        commands: [launchctlText('enable', target(entry)), ...(entry.wasLoaded ? [launchctlText('bootstrap', entry.domain, entry.plist)] : [])],
        scope: 'user',
      },
    ];
  },

  async undo(entry, ctx) {
    expectSuccess(await launchctl(ctx, 'enable', target(entry)), launchctlText('enable', target(entry)));
    if (entry.wasLoaded) expectSuccess(await launchctl(ctx, 'bootstrap', entry.domain, entry.plist), launchctlText('bootstrap', entry.domain, entry.plist));
    return [`launchd: enabled ${entry.label} again${entry.wasLoaded ? ' and loaded it' : ''}`];
  },
};
