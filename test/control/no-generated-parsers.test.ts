import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCall } from '../../app/api.ts';
import { parseRequestFrame } from '../../app/transport/envelope.ts';
import { RunState } from '../../app/registry/run-state.ts';

// zod 4 generates a parser with `new Function` for each object schema at its first parse
// (app/zod.ts says why the engine turns that off). Counted here as the engine's first
// request would meet them: a frame, a call's parameters, a run-state file.
test('schemas check a request and run state without generating code', () => {
  const original = globalThis.Function;
  let generated = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args: unknown[]) {
      generated += 1;
      return Reflect.construct(target, args) as object;
    },
  });
  try {
    const frame = parseRequestFrame(JSON.stringify({ id: 1, method: 'start', params: { name: 'crasher' } }));
    assert.ok(frame.ok, 'a good frame is read');
    assert.equal(parseCall('start', { name: 'crasher' }).method, 'start');
    assert.throws(() => parseCall('start', { name: 'Bad Name' }), /name/, 'a bad call is still refused');
    assert.equal(RunState.parse({ restarts: 2 }).restarts, 2);
  } finally {
    globalThis.Function = original;
  }
  assert.equal(generated, 0, 'parsers made with new Function');
});
