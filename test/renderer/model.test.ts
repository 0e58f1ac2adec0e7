import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_STATES, type Health } from '../../app/api.ts';
import { ServiceSpec } from '../../app/config/schema.ts';
import { aggregateOf, toneOf } from '../../renderer/src/model/tone.ts';
import { LineBuffer, filterLines, stripAnsi, withoutOverlap } from '../../renderer/src/model/line-buffer.ts';
import { joinCommandLine, splitCommandLine } from '../../app/shared/command-line.ts';
import { EMPTY_FORM, errorsFromIssues, specFromValues, valuesFromSpec } from '../../renderer/src/model/service-form.ts';

const HEALTHS: Health[] = ['healthy', 'unhealthy', 'unknown'];

// What a person sees, written out: a change to either copy of the rule fails here.
const EXPECTED_TONES: Record<string, Record<Health, string>> = {
  stopped: { healthy: 'idle', unhealthy: 'idle', unknown: 'idle' },
  starting: { healthy: 'degraded', unhealthy: 'degraded', unknown: 'degraded' },
  running: { healthy: 'up', unhealthy: 'degraded', unknown: 'up' },
  waiting: { healthy: 'up', unhealthy: 'up', unknown: 'up' },
  backoff: { healthy: 'down', unhealthy: 'down', unknown: 'down' },
  failed: { healthy: 'down', unhealthy: 'down', unknown: 'down' },
  blocked: { healthy: 'down', unhealthy: 'down', unknown: 'down' },
  stopping: { healthy: 'degraded', unhealthy: 'degraded', unknown: 'degraded' },
};

test('the window colours every state as the tray does: green, yellow, red or grey, per state and health', () => {
  for (const state of SERVICE_STATES) {
    for (const health of HEALTHS) assert.equal(toneOf(state, health), EXPECTED_TONES[state]![health], `${state}/${health}`);
  }
  const samples = [
    [[], 'idle'],
    [[{ state: 'stopped' }], 'idle'],
    [[{ state: 'running' }, { state: 'backoff' }], 'down'],
    [[{ state: 'waiting' }, { state: 'starting' }], 'degraded'],
    [[{ state: 'waiting' }, { state: 'stopped' }], 'up'],
  ] as const;
  for (const [sample, expected] of samples) {
    const services = sample.map((s) => ({ state: s.state, health: 'unknown' as const }));
    assert.equal(aggregateOf(services), expected, JSON.stringify(sample));
  }
});

test('the log buffer keeps the newest lines up to its capacity and counts what it dropped', () => {
  const buffer = new LineBuffer(5);
  buffer.push(['a', 'b', 'c']);
  buffer.push(['d', 'e', 'f', 'g']);
  assert.deepEqual(buffer.toArray(), ['c', 'd', 'e', 'f', 'g']);
  assert.equal(buffer.dropped, 2);
  buffer.push(Array.from({ length: 12 }, (_, i) => `x${i}`));
  assert.deepEqual(buffer.toArray(), ['x7', 'x8', 'x9', 'x10', 'x11']);
  assert.equal(buffer.dropped, 14);
  assert.equal(buffer.length, 5);
  assert.deepEqual(buffer.last(2), ['x10', 'x11']);
  buffer.reset(['only']);
  assert.deepEqual(buffer.toArray(), ['only']);
  assert.equal(buffer.dropped, 0);
});

test('100k-line buffer: appending 200k lines stays bounded and fast', () => {
  const buffer = new LineBuffer();
  const started = performance.now();
  for (let batch = 0; batch < 200; batch++) buffer.push(Array.from({ length: 1000 }, (_, i) => `line ${batch * 1000 + i}`));
  const elapsed = performance.now() - started;
  assert.equal(buffer.length, 100_000);
  assert.equal(buffer.at(0), 'line 100000');
  assert.equal(buffer.at(99_999), 'line 199999');
  assert.ok(elapsed < 1000, `${elapsed} ms`);
});

test('filtering ignores colours and case; follow lines that repeat the tail are dropped once', () => {
  const buffer = new LineBuffer(10);
  buffer.push(['\u001b[31mERROR\u001b[0m disk full', 'ok', 'error again']);
  assert.deepEqual(filterLines(buffer, 'error'), [0, 2]);
  assert.deepEqual(filterLines(buffer, 'R D'), [0]);
  assert.equal(filterLines(buffer, '  '), null);
  assert.equal(stripAnsi('\u001b[1;32mgo\u001b[0m'), 'go');
  assert.deepEqual(withoutOverlap(['a', 'b', 'c'], ['b', 'c', 'd']), ['d']);
  assert.deepEqual(withoutOverlap(['a', 'b'], ['x']), ['x']);
  assert.deepEqual(withoutOverlap([], ['x']), ['x']);
});

test('a command line splits into argv like a shell would, and joins back', () => {
  assert.deepEqual(splitCommandLine(`node "my server.js" --name 'a b' c\\ d`), { ok: true, argv: ['node', 'my server.js', '--name', 'a b', 'c d'] });
  assert.deepEqual(splitCommandLine(`echo ""`), { ok: true, argv: ['echo', ''] });
  assert.equal(splitCommandLine(`node "oops`).ok, false);
  for (const argv of [['node', 'a b', "it's", '', '{port}', '--x=1']]) {
    assert.deepEqual(splitCommandLine(joinCommandLine(argv)), { ok: true, argv });
  }
});

test('the form builds a spec the engine schema accepts, keeps fields it does not show, and round-trips', () => {
  const spec = ServiceSpec.parse({
    name: 'runner',
    command: ['node', 'server.mjs', '--port', '{port}'],
    cwd: '/srv',
    env: { QUEUE_DIR: '/tmp/q', EMPTY: '' },
    envFile: '.env',
    port: 5555,
    portEnv: 'PORT',
    restart: 'on-failure',
    autostart: false,
    maxRestarts: 3,
    health: { kind: 'http', url: 'http://127.0.0.1:{port}/health', json: { path: 'overall_status', equals: 'operational' }, intervalMs: 1000 },
  });
  const { spec: rebuilt, errors } = specFromValues(valuesFromSpec(spec), spec);
  assert.deepEqual(errors, {});
  assert.deepEqual(ServiceSpec.parse(rebuilt), spec);

  const fresh = specFromValues({ ...EMPTY_FORM, name: 'web', command: 'python3 -m http.server', port: '8000', env: 'A=1\n# note\nB=two=2' });
  assert.deepEqual(ServiceSpec.parse(fresh.spec), {
    name: 'web',
    command: ['python3', '-m', 'http.server'],
    port: 8000,
    env: { A: '1', B: 'two=2' },
    restart: 'always',
    autostart: true,
  });
  assert.equal(specFromValues({ ...EMPTY_FORM, name: 'x', command: 'a', env: 'nonsense' }).errors.env, 'line 1: write KEY=value');
  assert.equal(specFromValues({ ...EMPTY_FORM, name: 'x', command: 'a', port: 'abc' }).spec.port as unknown, 'abc');
});

test('the engine’s field issues land beside the right fields', () => {
  const errors = errorsFromIssues(
    [
      { path: 'spec.port', message: 'must be 1–65535' },
      { path: 'spec.name', message: 'bad name' },
      { path: 'spec.env.1BAD', message: 'must be a valid environment variable name' },
      { path: 'spec.health.url', message: 'must start with http://' },
      { path: 'spec.maxRestarts', message: 'too small' },
    ],
    'fallback',
  );
  assert.deepEqual(errors, {
    port: 'must be 1–65535',
    name: 'bad name',
    env: 'must be a valid environment variable name',
    healthUrl: 'must start with http://',
    form: 'maxRestarts: too small',
  });
  assert.deepEqual(errorsFromIssues([], 'service "x" already exists'), { form: 'service "x" already exists' });
});
