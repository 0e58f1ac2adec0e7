import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatTable, paletteFor } from '../../app/cli/output.ts';
import { formatStatus } from '../../app/cli/status-view.ts';
import { status } from '../main/helpers/status.ts';

test('colour only on a terminal, and never with NO_COLOR', () => {
  assert.equal(paletteFor({ isTTY: true }, {}).red('x'), '\u001b[31mx\u001b[39m');
  assert.equal(paletteFor({ isTTY: true }, { NO_COLOR: '1' }).red('x'), 'x');
  assert.equal(paletteFor({ isTTY: false }, {}).red('x'), 'x');
  assert.equal(paletteFor({}, {}).red('x'), 'x');
});

test('columns line up on the text people see, whatever colour codes surround it', () => {
  const palette = paletteFor({ isTTY: true }, {});
  const lines = formatTable(
    ['NAME', 'STATE', 'PID'],
    [
      [{ text: 'web' }, { text: 'running', paint: palette.green }, { text: '123' }],
      [{ text: 'executor' }, { text: 'failed', paint: palette.red }, { text: '-' }],
    ],
    palette,
  );
  // eslint-disable-next-line no-control-regex
  const visible = lines.map((line) => line.replace(/\u001b\[\d+m/g, ''));
  assert.deepEqual(visible, ['NAME      STATE    PID', 'web       running  123', 'executor  failed   -']);
});

test('durations read at a glance: two units at most', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(59_999), '59s');
  assert.equal(formatDuration(65_000), '1m 5s');
  assert.equal(formatDuration((3 * 3600 + 20 * 60 + 7) * 1000), '3h 20m');
  assert.equal(formatDuration((2 * 86400 + 4 * 3600) * 1000), '2d 4h');
  assert.equal(formatDuration(-5), '0s');
});

test('status: a waiting service says what it waits for; runs are counted apart from restarts', () => {
  const executor = status('executor', { state: 'waiting', health: 'unknown', pid: null, runs: 12, restarts: 1, waitingFor: { kind: 'trigger', detail: 'waiting for queue/ (empty)', at: null } });
  const lines = formatStatus({ aggregate: 'up', services: [executor], source: 'engine pid 1' }, paletteFor({ isTTY: false }, {}));
  const [header, row] = lines.slice(2);
  assert.match(header ?? '', /RESTARTS\s+RUNS/);
  assert.match(row ?? '', /^executor\s+waiting for queue\/ \(empty\)\s+-\s+-\s+-\s+-\s+1\s+12\s/);
});
