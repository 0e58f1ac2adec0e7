/**
 * What the engine keeps in memory starts with what it loads: TLS and OpenSSL
 * (`node:https`, `node:crypto`) cost it about 3 MB of RssAnon, and it needs
 * them only for an https check, an env file, or a takeover plan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, ServiceStatus } from '../../app/api.ts';
import { fixture } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { killAtEnd } from '../support/processes.ts';
import { fakeMachine } from '../support/rivals.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';
import { assertBuilt, CliProcess, runCli } from './cli-process.ts';

test.before(assertBuilt);

test('the daemon loads neither TLS nor crypto while it runs, health-checks over http and looks for rivals in crontabs', async (t) => {
  const machine = fakeMachine(t);
  machine.write('/etc/crontab', 'SHELL=/bin/sh\n*/5 * * * * root /usr/local/bin/backup.sh\n@reboot root /usr/bin/true\n');
  // One line of each kind of schedule, and one that starts the service itself: doctor must name it, so the cron path ran.
  fs.writeFileSync(machine.crontabFile, `0 3 * * 1-5 /home/tester/nightly.sh\n*/10 * * * * ${process.execPath} ${fixture('health-server.mjs')}\n`);
  const home = tempHome(t);
  const listFile = path.join(home, 'modules.json');
  const env = {
    NODE_OPTIONS: `--import=${pathToFileURL(fixture('module-list.mjs')).href}`,
    MODULE_LIST_FILE: listFile,
    UPKEEP_RIVALS: '',
    UPKEEP_RIVALS_ROOT: machine.root,
    PATH: machine.path,
    HOME: machine.home,
  };
  const servicePids: number[] = [];
  killAtEnd(t, () => servicePids);

  const daemon = new CliProcess(t, home, ['daemon'], env);
  await daemon.waitForOutput(/upkeep engine running/);
  const port = await freePort();
  const added = await runCli(home, ['add', 'web', '--port', String(port), '--health', 'http://127.0.0.1:{port}/health', '--health-interval', '200ms', '--', process.execPath, fixture('health-server.mjs')]);
  assert.equal(added.code, 0, added.stderr);
  const healthy = await waitFor(async () => {
    const result = await runCli(home, ['status', '--json']);
    const web = (JSON.parse(result.stdout) as ServiceStatus[]).find((s) => s.name === 'web');
    if (web?.pid) servicePids.push(web.pid);
    return web?.health === 'healthy' ? web : null;
  }, 'web to be healthy under the daemon');
  assert.ok(healthy.healthDetail?.ok);
  const doctor = await runCli(home, ['doctor', '--json']);
  assert.equal(doctor.code, 0, doctor.stderr);
  const cron = (JSON.parse(doctor.stdout) as Finding[]).find((f) => f.kind === 'cron' && f.service === 'web');
  assert.match(cron?.evidence ?? '', /user crontab, line 2/, doctor.stdout);

  daemon.child.kill('SIGTERM');
  await daemon.exited;
  const loaded = JSON.parse(fs.readFileSync(`${listFile}.${daemon.pid}`, 'utf8')) as string[];
  // The paths above did run: the check went over node:http.
  assert.ok(loaded.includes('NativeModule http'), loaded.join('\n'));
  for (const name of ['NativeModule https', 'NativeModule tls', 'NativeModule crypto', 'Internal Binding crypto']) {
    assert.ok(!loaded.includes(name), `the engine loaded ${name}`);
  }
});
