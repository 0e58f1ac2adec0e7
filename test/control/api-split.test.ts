import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_METHOD_NAMES, METHOD_NAMES, SHELL_METHOD_NAMES, type EngineHandle, type ShellApi } from '../../app/api.ts';
import { Session } from '../../app/transport/session.ts';
import { HEADLESS_SHELL } from '../../app/transport/headless-shell.ts';
import { FakeEngine } from '../dashboard/fake-engine.ts';

test('the API is the engine\'s methods and the shell\'s, each named once', () => {
  assert.deepEqual([...METHOD_NAMES].sort(), [...ENGINE_METHOD_NAMES, ...SHELL_METHOD_NAMES].sort());
  assert.equal(new Set(METHOD_NAMES).size, METHOD_NAMES.length);
  assert.deepEqual([...SHELL_METHOD_NAMES], ['getSettings', 'setSettings']);
});

test('a session sends settings to the shell and everything else to the engine, parsing each call once', async () => {
  const engine = new FakeEngine([{ name: 'web', command: ['node', 'x.js'] }]);
  const seen: string[] = [];
  const shell: ShellApi = {
    getSettings: async () => {
      seen.push('shell:getSettings');
      return { startAtLogin: true, notifications: false };
    },
    setSettings: async (changes) => {
      seen.push(`shell:setSettings:${JSON.stringify(changes)}`);
      return { startAtLogin: changes.startAtLogin ?? true, notifications: false };
    },
  };
  const session = new Session(engine as unknown as EngineHandle, shell, () => undefined);
  assert.deepEqual(await session.call('getSettings', {}), { ok: true, result: { startAtLogin: true, notifications: false } });
  const bad = await session.call('setSettings', { startAtLogin: 'yes' });
  assert.equal(bad.ok, false);
  assert.deepEqual(seen, ['shell:getSettings'], 'a bad payload never reaches the shell');
  const list = await session.call('list', {});
  assert.equal(list.ok, true);
});

test('headless, settings read as unavailable and cannot be changed', async () => {
  const engine = new FakeEngine();
  const session = new Session(engine as unknown as EngineHandle, HEADLESS_SHELL, () => undefined);
  assert.deepEqual(await session.call('getSettings', {}), { ok: true, result: { startAtLogin: null, notifications: null } });
  const set = await session.call('setSettings', { notifications: true });
  assert.equal(set.ok, false);
  if (!set.ok) assert.equal(set.error.code, 'unavailable');
});
