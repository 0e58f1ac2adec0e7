/**
 * History lasts: a restart recorded by one engine is still there, in order
 * and with its reason, after that engine is SIGKILLed and another starts —
 * and `upkeep history` reads it with no engine at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../app/api.ts';
import { addServiceToConfig } from '../../app/config/store.ts';
import { connectControl, type ControlClient } from '../../app/control/client.ts';
import { dataPaths } from '../../app/paths.ts';
import { assertBuilt, runCli } from '../cli/cli-process.ts';
import { nodeFixture, uniqueName } from '../support/engine.ts';
import { spawnFaultEngine } from '../support/engine-child.ts';
import { killAtEnd } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { waitFor } from '../support/wait.ts';

test.before(assertBuilt);

async function runningPid(client: ControlClient, name: string): Promise<number> {
  return waitFor(async () => {
    const status = (await client.call('list', {})).services.find((s) => s.name === name);
    return status?.state === 'running' ? status.pid : null;
  }, `${name} running`);
}

const shape = (e: HistoryEntry): string => `${e.kind}${e.engine ? `:${e.engine}` : ''} ${e.from ?? '-'}→${e.to}`;

test('a restart survives a SIGKILLed engine: the next engine and the CLI show it, in order, with its reason', async (t) => {
  const dataDir = tempHome(t);
  const paths = dataPaths(dataDir);
  const name = uniqueName('kept');
  addServiceToConfig(paths, { name, command: nodeFixture('forever.mjs') });
  const pids: number[] = [];
  killAtEnd(t, () => pids);

  const first = spawnFaultEngine(t, { dataDir, quiet: true });
  await first.ready();
  const client = await connectControl(paths.socket);
  pids.push(await runningPid(client, name));
  await client.call('restart', { name });
  const restartedPid = await runningPid(client, name);
  pids.push(restartedPid);
  const before = (await client.call('history', { name })).entries;
  client.close();
  await first.kill();

  const second = spawnFaultEngine(t, { dataDir, quiet: true });
  await second.ready();
  const again = await connectControl(paths.socket);
  t.after(() => again.close());
  assert.equal(await runningPid(again, name), restartedPid, 'the service ran on and was adopted');
  const after = (await again.call('history', { name })).entries;

  assert.deepEqual(after.slice(0, before.length), before, "the first engine's entries, unchanged and in the same order");
  const restart = after.find((e) => e.reason === 'restarted by user' && e.to === 'stopping');
  assert.ok(restart, `the restart is there with its reason: ${after.map((e) => e.reason).join(' | ')}`);
  const tail = after.slice(before.length).map(shape);
  assert.deepEqual(tail.slice(0, 2), ['engine:stopped running→running', 'engine:started stopped→stopped'], 'the kill is closed, then the new start');
  assert.match(after[before.length]!.reason, /without a word/);
  assert.ok(tail.includes('transition stopped→running'), `adopted: ${tail.join(', ')}`);
  const ats = after.map((e) => e.at);
  assert.deepEqual(ats, [...ats].sort((a, b) => a - b), 'oldest first');

  await second.kill();
  // No engine now: the CLI reads the same files.
  const cli = await runCli(dataDir, ['history', name, '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  const printed = JSON.parse(cli.stdout) as HistoryEntry[];
  assert.deepEqual(printed, after.slice(0, printed.length));
  const recent = await runCli(dataDir, ['history', name, '--since', '1h']);
  assert.equal(recent.code, 0, recent.stderr);
  assert.match(recent.stdout, /^TIME +KIND +STATE +WHY$/m);
  assert.match(recent.stdout, /transition +running → stopping +restarted by user/);
  assert.match(recent.stdout, /engine +upkeep stopped +Upkeep stopped without a word/);
  const none = await runCli(dataDir, ['history', name, '--since', '1ms']);
  assert.match(none.stdout, /nothing happened to .* in the last 1ms/);
});
