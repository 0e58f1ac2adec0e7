/**
 * systemd: `systemctl [--user] disable --now UNIT` (stops it and removes the
 * links that start it at boot; the unit file is never edited). The undo
 * enables it again, and starts it if it was running.
 */
import { existsSync } from 'node:fs';
import { rivalChanged } from '../rival-changed.ts';
import type { HandlerContext, RivalHandler } from '../rival-handler.ts';
import { expectSuccess } from '../run-command.ts';
import { systemctlArgs, systemctlText } from './service-manager.ts';


function systemctl(ctx: HandlerContext, user: boolean, ...args: string[]) {
  return ctx.run('systemctl', systemctlArgs(user, ...args), { env: ctx.env });
}

export const systemdHandler: RivalHandler<'systemd'> = {
  kind: 'systemd',

  steps(locator) {
    return [
      {
        title: `Stop and disable the ${locator.user ? 'user' : 'system'} unit ${locator.unit}, so it does not start at boot (the unit file stays)`,
        files: locator.file ? [locator.file] : [],
        commands: [systemctlText(locator.user, 'disable', '--now', locator.unit)],
        scope: 'user',
      },
    ];
  },

  async check(locator) {
    if (locator.file && !existsSync(locator.file)) throw rivalChanged(`the unit file ${locator.file} is gone`);
  },

  async retire(locator, ctx) {
    const enabled = await systemctl(ctx, locator.user, 'is-enabled', locator.unit);
    const active = await systemctl(ctx, locator.user, 'is-active', locator.unit);
    expectSuccess(await systemctl(ctx, locator.user, 'disable', '--now', locator.unit), systemctlText(locator.user, 'disable', '--now', locator.unit));
    ctx.say(`systemd: stopped and disabled ${locator.unit}`);
    return {
      kind: 'systemd',
      unit: locator.unit,
      user: locator.user,
      wasEnabled: enabled.code === 0 && /^enabled/m.test(enabled.stdout),
      wasActive: active.code === 0,
    };
  },

  undoSteps(entry) {
    const args = entry.wasActive ? ['enable', '--now', entry.unit] : ['enable', entry.unit];
    return entry.wasEnabled || entry.wasActive
      ? [{ title: `Enable ${entry.unit} again${entry.wasActive ? ' and start it' : ''}`, files: [], commands: [systemctlText(entry.user, ...args)], scope: 'user' }]
      : [];
  },

  async undo(entry, ctx) {
    if (!entry.wasEnabled && !entry.wasActive) return [`systemd: ${entry.unit} was neither enabled nor running; left as it is`];
    const args = entry.wasActive ? ['enable', '--now', entry.unit] : ['enable', entry.unit];
    expectSuccess(await systemctl(ctx, entry.user, ...args), systemctlText(entry.user, ...args));
    return [`systemd: enabled ${entry.unit} again${entry.wasActive ? ' and started it' : ''}`];
  },
};
