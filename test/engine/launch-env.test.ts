import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineWith } from '../support/engine.ts';
import { tempHome } from '../support/temp-home.ts';
import { nextServiceEvent, waitFor } from '../support/wait.ts';

const printsEnv = [process.execPath, '-e', 'console.log(`env ${process.env.FROM_FILE} ${process.env.OWN}`); setInterval(() => {}, 1e9)'];

test("an env file's variables reach the service, its own env wins over the file, and a missing file fails the start with its path", async (t) => {
  const project = tempHome(t);
  writeFileSync(path.join(project, '.env'), '# shared settings\nFROM_FILE=hello\nOWN="from the file"\n');
  const { engine } = await engineWith(t, [
    { name: 'withfile', command: printsEnv, cwd: project, envFile: '.env', env: { OWN: 'own' } },
    { name: 'nofile', command: printsEnv, cwd: project, envFile: 'missing.env', autostart: false },
  ]);
  const line = await waitFor(async () => (await engine.logs({ name: 'withfile' })).lines.find((l) => l.startsWith('env ')), 'the service to print its env');
  assert.equal(line, 'env hello own');

  const failed = nextServiceEvent(engine, (e) => e.status.name === 'nofile' && e.status.state === 'failed', 'nofile failed');
  await engine.start({ name: 'nofile' }).catch(() => undefined);
  const { status } = await failed;
  assert.match(status.reason, new RegExp(`cannot start: env file ${path.join(project, 'missing.env').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT`));
});
