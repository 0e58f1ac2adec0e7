import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_STATES } from '../../app/api.ts';
import { IllegalTransition, TRANSITIONS, checkTransition } from '../../app/supervisor/transitions.ts';
import { decideAfterSpawnFailure } from '../../app/supervisor/restart-policy.ts';
import { RESTART_DEFAULTS } from '../../app/config/defaults.ts';

test('the transition table names only real states, and every state can be reached and left', () => {
  const reached = new Set<string>();
  const left = new Set<string>();
  for (const row of Object.values(TRANSITIONS)) {
    for (const state of [...row.from, ...row.to]) assert.ok((SERVICE_STATES as readonly string[]).includes(state), state);
    for (const state of row.to) reached.add(state);
    for (const state of row.from) left.add(state);
  }
  for (const state of SERVICE_STATES) {
    assert.ok(reached.has(state), `${state} is reached`);
    assert.ok(left.has(state), `${state} is left`);
  }
});

test('a move the table does not allow fails loudly', () => {
  checkTransition('exited', 'running', 'backoff');
  assert.throws(() => checkTransition('exited', 'stopped', 'backoff'), IllegalTransition);
  assert.throws(() => checkTransition('verdict', 'starting', 'failed'), IllegalTransition);
});

test('a failed spawn is told as what it was, with the policy after it', () => {
  const spec = { name: 'x', command: ['nope'] };
  const first = decideAfterSpawnFailure(spec, 'spawn nope ENOENT', 1_000, { streak: 0, times: [] }, RESTART_DEFAULTS);
  assert.equal(first.state, 'backoff');
  assert.equal(first.reason, 'cannot start: spawn nope ENOENT; restarting now');
  const never = decideAfterSpawnFailure({ ...spec, restart: 'never' }, 'spawn nope ENOENT', 1_000, { streak: 0, times: [] }, RESTART_DEFAULTS);
  assert.equal(never.state, 'failed');
  assert.equal(never.reason, 'cannot start: spawn nope ENOENT; restart policy is never');
});
