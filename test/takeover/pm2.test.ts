import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../../app/config/store.ts';
import { dataPaths } from '../../app/paths.ts';
import { engineWith, fixture } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { PM2_BIN, pm2Home, type Pm2 } from '../support/pm2.ts';

/** What an engine (or a shell) uses to reach this PM2: its PM2_HOME and pm2 on PATH. */
const envFor = (pm2: Pm2): NodeJS.ProcessEnv => ({ ...process.env, PM2_HOME: pm2.home, PATH: `${path.dirname(PM2_BIN)}:${process.env.PATH ?? ''}` });

test('real PM2, the seed case: takeover deletes the app durably (resurrect does not bring it back), one copy under Upkeep; undo hands it back to PM2', async (t) => {
  const pm2 = pm2Home(t);
  const port = await freePort();
  const dir = tempHome(t);
  const tag = `ghost-${process.pid}-${port}`;
  // The daemon first, so it does not inherit the app's variables (they count the app's copies).
  await pm2.run(['ping']);
  await pm2.run(['start', fixture('health-server.mjs'), '--name', 'ghost', '--cwd', dir], { env: { PORT: String(port), GHOST_TAG: tag, SECRET_TOKEN: 'do-not-copy' } });
  await waitFor(() => canConnect(port), 'PM2 runs the runner');
  await pm2.run(['save', '--force']);
  const [app] = await pm2.jlist();
  assert.equal(app?.pm2_env.status, 'online');

  const { engine, dataDir } = await engineWith(t, [], { env: envFor(pm2) });
  const paths = dataPaths(dataDir);
  const plan = await engine.takeoverPlan({ from: 'pm2:ghost' });
  assert.deepEqual(plan.blockers, []);
  assert.equal(plan.definition?.source, 'import');
  const spec = plan.definition?.spec;
  // Only what PM2's definition sets: no PATH, HOME, PM2_HOME or token from the shell that ran `pm2 start`.
  assert.deepEqual(spec?.env, { GHOST_TAG: tag, PORT: String(port) });
  assert.equal(spec?.port, port);
  assert.ok(plan.steps.some((step) => step.commands.some((c) => c.endsWith('delete ghost')) && step.files.includes(path.join(pm2.home, 'dump.pm2'))));

  const dumpBefore = readFileSync(path.join(pm2.home, 'dump.pm2'), 'utf8');
  const result = await engine.takeover({ from: 'pm2:ghost', planId: plan.planId });
  assert.deepEqual(await pm2.jlist(), [], 'PM2 no longer has the app');
  await pm2.run(['resurrect']);
  assert.deepEqual(await pm2.jlist(), [], 'pm2 resurrect does not bring it back');

  const status = result.services[0];
  assert.equal(status?.state, 'running');
  assert.ok(await canConnect(port));
  assert.deepEqual(await pidsWithEnv('GHOST_TAG', tag), [status?.pid], 'exactly one copy, Upkeep’s');
  const saved = readConfig(paths).ok ? readFileSync(paths.config, 'utf8') : '';
  assert.doesNotMatch(saved, /do-not-copy|"PATH"|"HOME"|PM2_HOME/);
  const record = JSON.parse(readFileSync(paths.takeover('ghost'), 'utf8')) as { backups: Array<{ file: string; backup: string }> };
  const dumpBackup = record.backups.find((b) => b.file.endsWith('dump.pm2'));
  assert.equal(readFileSync(dumpBackup?.backup as string, 'utf8'), dumpBefore);
  assert.equal(statSync(dumpBackup?.backup as string).mode & 0o777, 0o600);

  const undo = await engine.undoTakeover({ name: 'ghost' });
  assert.ok(undo.steps.some((s) => /pm2: started "ghost" again/.test(s)), undo.steps.join('\n'));
  const [back] = await waitFor(async () => {
    const list = await pm2.jlist();
    return list[0]?.pm2_env.status === 'online' ? list : null;
  }, 'the app online in PM2 again');
  assert.equal(back?.name, 'ghost');
  await waitFor(() => canConnect(port), 'PM2’s copy answers');
  assert.deepEqual(await pidsWithEnv('GHOST_TAG', tag), [back?.pid], 'exactly one copy, PM2’s');
  assert.equal((await engine.list({})).services.length, 0, 'the imported definition is removed');
  // Saved again, so PM2 brings it back at boot as before.
  assert.match(readFileSync(path.join(pm2.home, 'dump.pm2'), 'utf8'), /"name": "ghost"/);
});

test('a PM2_HOME that cannot be read is a clear error and nothing changes', async (t) => {
  const dir = tempHome(t);
  const notADir = path.join(dir, 'pm2home');
  writeFileSync(notADir, 'not a folder');
  const { engine, dataDir } = await engineWith(t, [], { env: { ...process.env, PM2_HOME: notADir } });
  await assert.rejects(engine.takeoverPlan({ from: 'pm2:ghost' }), /PM2_HOME .*pm2home cannot be read/);
  assert.equal(readFileSync(notADir, 'utf8'), 'not a folder');
  assert.equal((await engine.list({})).services.length, 0);
  assert.throws(() => statSync(dataPaths(dataDir).takeoversDir));
});

test('real PM2 and detection: `takeover ghost` for a service Upkeep already has retires what doctor finds; blocked before, one copy after', async (t) => {
  const pm2 = pm2Home(t);
  const port = await freePort();
  const dir = tempHome(t);
  // A script of this test's own: detection looks at the whole machine, where other tests run the shared fixture under supervisord.
  const script = path.join(dir, 'ghost.mjs');
  copyFileSync(fixture('health-server.mjs'), script);
  await pm2.run(['ping']);
  await pm2.run(['start', script, '--name', 'ghost', '--cwd', dir], { env: { PORT: String(port) } });
  await waitFor(() => canConnect(port), 'PM2 runs the runner');
  const [app] = await pm2.jlist();
  const spec = { name: 'ghost', command: [process.execPath, script], cwd: dir, port };
  const { engine } = await engineWith(t, [spec], { env: envFor(pm2), rivals: { root: tempHome(t), home: tempHome(t) } });
  await waitFor(async () => (await engine.list({})).services[0]?.state === 'blocked', 'ghost blocked by PM2’s copy');

  const plan = await engine.takeoverPlan({ name: 'ghost' });
  assert.deepEqual(plan.blockers, []);
  assert.deepEqual(plan.findings.map((f) => f.kind), ['pm2']);
  assert.equal(plan.definition?.source, 'existing');
  const result = await engine.takeover({ name: 'ghost', planId: plan.planId });
  assert.deepEqual(await pm2.jlist(), []);
  const status = result.services[0];
  assert.equal(status?.state, 'running');
  assert.notEqual(status?.pid, app?.pid);
  assert.ok(await canConnect(port));

  await engine.undoTakeover({ name: 'ghost' });
  await waitFor(async () => (await pm2.jlist())[0]?.pm2_env.status === 'online', 'ghost online in PM2 again');
  const after = (await engine.list({})).services[0];
  assert.equal(after?.state, 'stopped');
  assert.equal(after?.spec.autostart, false, 'the existing definition stays, set not to start by itself');
});
