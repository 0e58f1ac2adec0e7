import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../app/rivals/finding.ts';
import { dataPaths } from '../../app/paths.ts';
import { buildPlan } from '../../app/takeover/plan.ts';
import type { HandlerContext } from '../../app/takeover/rival-handler.ts';
import { trayMenuTemplate, type TrayActions } from '../../main/tray-menu.ts';
import { confirmTakeover } from '../../main/tray-takeover.ts';
import { FakeEngine } from '../dashboard/fake-engine.ts';
import { createFakeElectron } from '../mocks/electron.ts';
import { list, status } from './helpers/status.ts';

const held = (cls: 'supervised' | 'stranger') =>
  status('ghost', {
    state: 'blocked',
    pid: null,
    problem: { kind: 'port-conflict', port: 5555, owner: { pid: 31341, command: 'python3 ghost.py', class: cls, supervisor: cls === 'supervised' ? 'pm2' : undefined, via: cls === 'supervised' ? 'app ghost, id 0' : undefined }, nextFreePort: 5556 },
  });

test('the tray offers Take over… for a service a rival holds, and only then', () => {
  const calls: string[] = [];
  const actions = new Proxy({} as TrayActions, { get: (_t, prop: string) => (arg?: unknown) => calls.push(`${prop}(${String(arg)})`) });
  const supervised = trayMenuTemplate(list([held('supervised')], 'down'), { startAtLogin: false }, actions);
  const item = supervised[0]?.submenu?.find((i) => i.label === 'Take over…');
  assert.ok(item, 'Take over… is in the service’s submenu');
  item.click?.();
  assert.deepEqual(calls, ['takeOver(ghost)']);
  const stranger = trayMenuTemplate(list([held('stranger')], 'down'), { startAtLogin: false }, actions);
  assert.equal(stranger[0]?.submenu?.find((i) => i.label === 'Take over…'), undefined, 'a stranger is not a rival');
});

const finding: Finding = {
  service: 'ghost',
  kind: 'pm2',
  pid: 31200,
  copyPid: 31341,
  evidence: 'pm2 app ghost, id 0 (PM2_HOME /home/me/.pm2)',
  respawns: true,
  fix: 'pm2 delete ghost, then pm2 save',
  scope: 'user',
  commands: [],
  locator: { kind: 'pm2', pm2Home: '/home/me/.pm2', app: 'ghost', pmId: 0, pm2Bin: null },
  definition: null,
};

function engineWithPlan(): FakeEngine {
  const spec = { name: 'ghost', command: ['python3', 'ghost.py'], port: 5555 };
  const engine = new FakeEngine();
  engine.put(spec, 'blocked');
  const ctx = { paths: dataPaths(path.join(os.tmpdir(), 'upkeep-fake-engine')), service: 'ghost' } as HandlerContext;
  engine.plans.set('ghost', buildPlan({ service: 'ghost', existing: spec, findings: [finding] }, ctx));
  return engine;
}

test('the tray’s confirmation shows the plan with its commands; Cancel does nothing, Take over acts', async () => {
  const electron = createFakeElectron();
  const engine = engineWithPlan();
  electron.dialog.answer = (options) => options.cancelId ?? 1;
  assert.equal(await confirmTakeover(engine, electron.dialog, 'ghost'), false);
  const [asked] = electron.dialog.shown;
  assert.equal(asked?.message, 'Take over ghost?');
  assert.deepEqual(asked?.buttons, ['Take over', 'Cancel']);
  assert.match(asked?.detail ?? '', /\$ PM2_HOME=\/home\/me\/\.pm2 pm2 delete ghost/);
  assert.ok(!engine.calls.includes('takeover'), 'Cancel changes nothing');

  electron.dialog.answer = () => 0;
  assert.equal(await confirmTakeover(engine, electron.dialog, 'ghost'), true);
  assert.ok(engine.calls.includes('takeover'));
  assert.equal(electron.dialog.shown.at(-1)?.message, 'ghost is taken over');
});
