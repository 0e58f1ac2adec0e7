import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeSpawnTurn } from '../../app/supervisor/spawn-gate.ts';

/** Resolves after `n` turns of the event loop (each setImmediate is one check phase). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

test('a lone spawn goes at once, and the next one only in a later turn', async () => {
  await turns(2);
  assert.equal(takeSpawnTurn(), null, 'an open gate lets the spawn go without waiting');
  const second = takeSpawnTurn();
  assert.ok(second, 'a second spawn in the same turn waits');
  let passed = false;
  void second.then(() => {
    passed = true;
  });
  await Promise.resolve();
  assert.equal(passed, false, 'not within the same turn');
  await turns(1);
  assert.equal(passed, true);
});

test('spawns asked for together go one per turn, in order, and the gate opens again after them', async () => {
  await turns(3);
  const order: string[] = [];
  const loopTurns: number[] = [];
  let turn = 0;
  const tick = (): void => {
    turn += 1;
    if (turn < 20) setImmediate(tick);
  };
  setImmediate(tick);
  const go = async (name: string): Promise<void> => {
    const wait = takeSpawnTurn();
    if (wait) await wait;
    order.push(name);
    loopTurns.push(turn);
  };
  await Promise.all(['a', 'b', 'c', 'd'].map(go));
  assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  for (let i = 1; i < loopTurns.length; i += 1) assert.ok(loopTurns[i]! > loopTurns[i - 1]!, `spawn ${i} went in a later turn than spawn ${i - 1}: ${loopTurns.join(',')}`);
  await turns(2);
  assert.equal(takeSpawnTurn(), null, 'open again once the turns are over');
});
