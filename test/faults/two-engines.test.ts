/**
 * Fault: two engines start at the same instant on the same data dir, round
 * after round — after a clean exit (lock released) and after a SIGKILL (a
 * stale lock and a stale socket left behind, which both racers try to
 * break). Exactly one supervises; the other exits non-zero naming it; the
 * service runs once, the same process through every round (adopted each time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addServiceToConfig } from '../../app/config/store.ts';
import { connectControl } from '../../app/control/client.ts';
import { dataPaths } from '../../app/paths.ts';
import { nodeFixture, uniqueName } from '../support/engine.ts';
import { spawnFaultEngine, type Exit } from '../support/engine-child.ts';
import { killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

const ROUNDS = 4;
/** The bundled CLI starts fast, so more rounds of it are cheap. */
const CLI_ROUNDS = 6;
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.mjs');
const LOCKED = /^upkeep: engine already running \(pid (\d+)\)$/m;

/** The running service as the winning engine reports it over its control socket. */
async function serviceThroughSocket(socketPath: string, name: string): Promise<{ pid: number; adopted: boolean }> {
  const client = await connectControl(socketPath);
  try {
    return await waitFor(async () => {
      const status = (await client.call('list', {})).services.find((s) => s.name === name);
      return status?.state === 'running' && status.pid !== null && { pid: status.pid, adopted: status.adopted };
    }, `${name} running under the winner`);
  } finally {
    client.close();
  }
}

test(`two engines released at the same instant, ${ROUNDS} rounds: exactly one supervises, the other exits naming it`, async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  const name = uniqueName('raced');
  addServiceToConfig(paths, { name, command: nodeFixture('forever.mjs') });
  const config = readFileSync(paths.config);
  let servicePid: number | null = null;
  killAtEnd(t, () => [servicePid]);

  for (let round = 0; round < ROUNDS; round += 1) {
    const racers = [spawnFaultEngine(t, { dataDir, waitForGo: true }), spawnFaultEngine(t, { dataDir, waitForGo: true })];
    await Promise.all(racers.map((racer) => racer.waitLine((line) => line.kind === 'loaded', `racer ${racer.pid} loaded`)));
    for (const racer of racers) racer.go(); // same tick: both race for the lock
    const outcomes = await Promise.all(
      // `ready` rejects when the racer exits first: then its exit is the outcome.
      racers.map((racer) => racer.ready().then(() => 'ready' as const, () => racer.exited)),
    );
    const winners = racers.filter((_, i) => outcomes[i] === 'ready');
    assert.equal(winners.length, 1, `round ${round}: exactly one engine supervises (outcomes ${JSON.stringify(outcomes)}; stderr ${racers.map((r) => r.stderr()).join(' | ')})`);
    const winner = winners[0]!;
    const loser = racers.find((r) => r !== winner)!;
    const lost = (await loser.exited) as Exit;
    assert.equal(lost.code, 1, `round ${round}: the loser exits non-zero`);
    assert.equal(LOCKED.exec(loser.stderr())?.[1], String(winner.pid), `round ${round}: the loser names the winner: ${loser.stderr()}`);

    const status = await serviceThroughSocket(paths.socket, name);
    if (servicePid === null) servicePid = status.pid;
    assert.equal(status.pid, servicePid, `round ${round}: the same process runs through every round`);
    assert.equal(status.adopted, round > 0, `round ${round}: adopted from the previous engine`);
    assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [servicePid], `round ${round}: the service runs once`);

    // Alternate how the winner goes: a clean exit releases the lock; a SIGKILL leaves it (and the socket) stale.
    if (round % 2 === 0) {
      await winner.kill();
    } else {
      winner.process.kill('SIGTERM');
      assert.equal((await winner.exited).code, 0);
      assert.equal(existsSync(paths.lock), false, 'a clean exit releases the lock');
    }
  }
  assert.deepEqual(readFileSync(paths.config), config, 'no racer touched config.json');
});

test(`two \`upkeep daemon\` started at the same instant, ${CLI_ROUNDS} rounds: one runs, the other says \`engine already running (pid N)\` and exits 1`, async (t) => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build`);
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  const name = uniqueName('daemons');
  addServiceToConfig(paths, { name, command: nodeFixture('forever.mjs') });
  let servicePid: number | null = null;
  killAtEnd(t, () => [servicePid]);

  for (let round = 0; round < CLI_ROUNDS; round += 1) {
    const daemons = [0, 1].map(() => {
      const child = spawn(process.execPath, [CLI, 'daemon'], { env: { ...process.env, UPKEEP_HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
      killAtEnd(t, () => [child.pid]);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, exited, out: () => stdout, err: () => stderr };
    });
    const loserIndex = await Promise.race(daemons.map((d, i) => d.exited.then(() => i)));
    const loser = daemons[loserIndex]!;
    const winner = daemons[1 - loserIndex]!;
    assert.equal(await loser.exited, 1, `round ${round}: the loser exits 1 (stderr: ${loser.err()})`);
    assert.equal(LOCKED.exec(loser.err())?.[1], String(winner.child.pid), `round ${round}: ${loser.err()}`);
    await waitFor(() => winner.out().includes(`upkeep engine running (pid ${winner.child.pid}`), `round ${round}: the winner says it runs`);

    const status = await serviceThroughSocket(paths.socket, name);
    servicePid ??= status.pid;
    assert.equal(status.pid, servicePid, `round ${round}: the same process runs through every round`);
    assert.deepEqual(await pidsWithEnv('UPKEEP_SERVICE', name), [servicePid], `round ${round}: the service runs once`);
    // Alternate: a clean stop, or a SIGKILL that leaves a stale lock and socket for the next two to fight over.
    if (round % 2 === 0) {
      winner.child.kill('SIGTERM');
      assert.equal(await winner.exited, 0, `round ${round}: the winner stops cleanly, leaving the service to the next engine`);
    } else {
      winner.child.kill('SIGKILL');
      await winner.exited;
    }
  }
});

