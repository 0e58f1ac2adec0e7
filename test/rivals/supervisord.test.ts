import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectRivals } from '../../app/rivals/detect.ts';
import { prepareIni } from '../../app/rivals/supervisord-config.ts';
import { canConnect, freePort } from '../support/ports.ts';
import { isAlive } from '../support/processes.ts';
import { fakeMachine, ghostProject } from '../support/rivals.ts';
import { waitFor } from '../support/wait.ts';
import { descendants, listProcesses } from '../../app/os/table.ts';

test("supervisord's comment rule: `;` or `#` after whitespace starts a comment, inside a value it does not", () => {
  assert.equal(prepareIni('command=run --x=a;b ; a comment'), 'command=run --x=a\\;b');
  assert.equal(prepareIni('; whole line\n# too\n[program:a.b]'), '\n\n[program:a\\.b]');
});

test('a real supervisord with a private config: the [program:x] that runs the service, with autorestart, %(here)s, [include] and its socket', async (t) => {
  const machine = fakeMachine(t);
  const project = ghostProject(t);
  const port = await freePort();
  const conf = path.join(project, 'supervisord.conf');
  mkdirSync(path.join(project, 'conf.d'));
  writeFileSync(
    conf,
    [
      '; private supervisord for this test, never the system one',
      '[unix_http_server]',
      'file=%(here)s/supervisor.sock',
      '[supervisord]',
      'logfile=%(here)s/supervisord.log',
      'pidfile=%(here)s/supervisord.pid',
      'nodaemon=true',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      'serverurl=unix://%(here)s/supervisor.sock',
      '[include]',
      'files = conf.d/*.conf',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(project, 'conf.d', 'ghost.conf'),
    [
      '[program:ghost]',
      'command=python3 %(here)s/../ghost.py ; the runner',
      `directory=${project}`,
      `environment=PORT="${port}",GHOST_NOTE="a;b"`,
      'autorestart=true',
      'startsecs=0',
      '[program:other]',
      'command=python3 -c "import time; time.sleep(600)"',
      '',
    ].join('\n'),
  );
  const daemon = spawn('supervisord', ['-c', conf], { cwd: project, stdio: 'ignore' });
  // One hook, in this order: its programs (each in a group of its own) are found
  // as its children while it lives, then they and it are killed by pid. A kill of
  // supervisord first left ghost.py and the sleeper running under init.
  t.after(async () => {
    const table = await listProcesses({ wantCwd: () => false });
    for (const pid of [...descendants(table, daemon.pid!).map((child) => child.pid), daemon.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
  await waitFor(() => canConnect(port), 'supervisord runs ghost', 15_000);

  const { findings, notes } = await detectRivals({ seams: machine.seams(), targets: [{ name: 'ghost', command: ['python3', 'ghost.py'], cwd: project, port }], ownedRuns: [] });
  const found = findings.filter((f) => f.kind === 'supervisord');
  assert.equal(found.length, 1, JSON.stringify({ findings, notes }, null, 1));
  const finding = found[0]!;
  assert.equal(finding.pid, daemon.pid);
  assert.ok(finding.copyPid && isAlive(finding.copyPid));
  assert.equal(finding.respawns, true);
  assert.equal(finding.scope, 'user');
  assert.match(finding.evidence, new RegExp(`\\[program:ghost\\] in ${path.join(project, 'conf.d', 'ghost.conf')}:1, autorestart=true`));
  assert.deepEqual(finding.locator, { kind: 'supervisord', configFile: path.join(project, 'conf.d', 'ghost.conf'), program: 'ghost', serverUrl: `unix://${project}/supervisor.sock` });
  assert.deepEqual(finding.definition?.command, ['python3', `${project}/conf.d/../ghost.py`]);
  assert.deepEqual(finding.definition?.env, { PORT: String(port), GHOST_NOTE: 'a;b' });
  assert.equal(finding.definition?.restart, 'always');
});
