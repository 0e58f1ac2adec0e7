import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineWith, fixture } from '../support/engine.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { isAlive } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

function privateConfig(dir: string, port: number): string {
  return [
    '; a private supervisord for one test',
    '[unix_http_server]',
    `file=${dir}/supervisor.sock`,
    '',
    '[supervisord]',
    `logfile=${dir}/supervisord.log`,
    `pidfile=${dir}/supervisord.pid`,
    `childlogdir=${dir}`,
    'nodaemon=true',
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=unix://${dir}/supervisor.sock`,
    '',
    '[program:ghost]',
    `command=${process.execPath} ${fixture('health-server.mjs')}`,
    `directory=${dir}`,
    `environment=PORT="${port}",GREETING="hello, world"`,
    'autostart = true   ; start with supervisord',
    'autorestart=true',
    'startsecs=0',
    '',
    '[program:other]',
    'command=/bin/sleep 600',
    'autorestart=true',
    '',
  ].join('\n');
}

function ctlStatus(conf: string, program: string): string {
  try {
    return execFileSync('supervisorctl', ['-c', conf, 'status', program], { encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

test('real supervisord: takeover stops the program and turns off only autostart/autorestart; undo puts the file back byte for byte', async (t) => {
  const dir = tempHome(t);
  const port = await freePort();
  const conf = path.join(dir, 'supervisord.conf');
  const original = privateConfig(dir, port);
  writeFileSync(conf, original);
  const daemon = spawn('supervisord', ['-c', conf], { stdio: 'ignore' });
  // SIGTERM: supervisord stops its programs before it exits (SIGKILL would orphan them); SIGKILL only if it hangs.
  t.after(async () => {
    daemon.kill('SIGTERM');
    await waitFor(() => !isAlive(daemon.pid as number), 'supervisord to end', 10_000).catch(() => daemon.kill('SIGKILL'));
  });
  await waitFor(() => canConnect(port), 'supervisord runs the program');

  const { engine } = await engineWith(t, []);
  const plan = await engine.takeoverPlan({ from: 'supervisord:ghost' });
  assert.deepEqual(plan.blockers, []);
  assert.equal(plan.findings[0]?.pid, daemon.pid);
  assert.deepEqual(plan.definition?.spec.env, { PORT: String(port), GREETING: 'hello, world' });
  assert.equal(plan.definition?.spec.cwd, dir);
  assert.ok(plan.steps.some((step) => step.files.includes(conf) && step.commands.includes(`supervisorctl -c ${conf} stop ghost`)));

  const result = await engine.takeover({ from: 'supervisord:ghost', planId: plan.planId });
  const edited = readFileSync(conf, 'utf8');
  assert.equal(edited, original.replace('autostart = true   ; start with supervisord\nautorestart=true\nstartsecs=0', 'autostart=false\nautorestart=false\nstartsecs=0'));
  assert.match(ctlStatus(conf, 'ghost'), /STOPPED/);
  assert.match(ctlStatus(conf, 'other'), /RUNNING/, 'the other program is left alone');
  assert.equal(result.services[0]?.state, 'running');
  assert.ok(await canConnect(port));

  const undo = await engine.undoTakeover({ name: 'ghost' });
  assert.equal(readFileSync(conf, 'utf8'), original, 'the keys put back, every byte as it was');
  assert.ok(undo.steps.some((s) => /supervisord: put back autostart, autorestart of "ghost"/.test(s)), undo.steps.join('\n'));
  await waitFor(() => /RUNNING/.test(ctlStatus(conf, 'ghost')), 'supervisord runs ghost again');
  await waitFor(() => canConnect(port), 'supervisord’s copy answers');
  assert.equal((await engine.list({})).services.length, 0);
});
