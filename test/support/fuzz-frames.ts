/**
 * Bad request frames for the message transports (control socket, dashboard
 * WebSocket), from a seeded PRNG. Every frame is wrong by construction — not
 * JSON, not a request, an unknown method, params that break a strict schema,
 * or a service that does not exist — so every one must be answered with an
 * error, and none can change anything. None holds a newline (one frame each)
 * or is only whitespace (blank lines are skipped, not answered).
 */
import type { Prng } from './prng.ts';

export interface FuzzFrame {
  kind: string;
  /** The frame's bytes, without the newline. */
  bytes: Buffer;
  /** The id the reply must carry: the one sent when it is readable, else null. */
  replyId: number | string | null;
}

const METHODS = ['list', 'start', 'stop', 'restart', 'restore', 'logs', 'history', 'setPort', 'stopPortOwner', 'addService', 'updateService', 'removeService', 'getSettings', 'setSettings', 'subscribe', 'shutdown', 'doctor'] as const;
const NOT_METHODS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'LIST', ' list', 'list\u0000', 'prototype', 'then', 'call', 'info', 'on', 'close', 'followLogs', 'holdMetrics', 'whenClosed'];

/** Params that no method accepts: each method's schema is strict, so an unknown key always fails. */
function badParams(rng: Prng, method: (typeof METHODS)[number]): unknown {
  const wrongName = rng.pick([123, null, true, '', '../etc', 'UPPER', 'a/b', '.hidden', 'x'.repeat(65), ['list'], { name: 'x' }, '\ud800']);
  switch (rng.int(8)) {
    case 0:
      return rng.pick([[], 'params', 42, true, [{}]]);
    case 1:
      return { [rng.pick(['__proto__', 'constructor', 'extra', 'name2', ''])]: rng.pick([{ metrics: true }, 1, 'x', null]) };
    case 2:
      return method === 'logs' || method === 'history' || method === 'setPort' || method === 'stopPortOwner' || method === 'removeService'
        ? { name: wrongName }
        : { name: wrongName, fuzz: true };
    case 3:
      return { name: 'x', lines: rng.pick([-1, 1.5, 1e9, '10', null]), fuzz: 1 };
    case 4:
      return { spec: rng.pick([null, [], 'spec', { name: 'ok' }, { name: 'ok', command: 'node x' }, { name: 'ok', command: [] }, { name: 'ok', command: ['x'], port: 70_000 }, { name: 'ok', command: ['x'], shell: 'yes' }]) };
    case 5:
      return { stopServices: rng.pick(['yes', 1, null, [], {}]) };
    case 6:
      return { name: 'x', port: rng.pick([0, -1, 65_536, 1.5, '80']), auto: rng.pick([undefined, 'no']) };
    default:
      return { services: rng.pick(['yes', 1]), logs: rng.pick(['x', [1], Array.from({ length: 65 }, (_, i) => `s${i}`)]) };
  }
}

function randomId(rng: Prng): number | string {
  return rng.chance(0.5) ? rng.int(1_000_000) : `id-${rng.int(1e9).toString(36)}`;
}

function text(kind: string, value: string, replyId: number | string | null): FuzzFrame {
  return { kind, bytes: Buffer.from(value, 'utf8'), replyId };
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** One bad frame of a random kind. `absent` is a valid service name that does not exist. */
export function fuzzFrame(rng: Prng, absent: string): FuzzFrame {
  const id = randomId(rng);
  switch (rng.int(12)) {
    case 0: {
      // Random printable text, starting with a visible character.
      const chars = Array.from({ length: 1 + rng.int(200) }, () => String.fromCharCode(0x21 + rng.int(0x5e)));
      return text('printable garbage', chars.join(''), null);
    }
    case 1: {
      // Random bytes (invalid UTF-8 included), no newline, at least one visible byte.
      const bytes = rng.bytes(1 + rng.int(300)).map((b) => (b === 0x0a ? 0x0b : b));
      return { kind: 'random bytes', bytes: Buffer.concat([Buffer.from('#'), bytes]), replyId: null };
    }
    case 2:
      return text('JSON that is not an object', JSON.stringify(rng.pick([0, -1, 1e308, 'list', '', [], [1, 2], null, true, false])), null);
    case 3: {
      // Truncated or mangled versions of a valid request.
      const valid = JSON.stringify({ id, method: 'list', params: {} });
      const cut = valid.slice(0, 1 + rng.int(valid.length - 2));
      return text('truncated request', cut, null);
    }
    case 4: {
      const badId = rng.pick([-1, 1.5, 2 ** 60, true, null, {}, [], '', 'x'.repeat(65)]);
      return text('bad id', JSON.stringify({ id: badId, method: 'list', params: {} }), null);
    }
    case 5: {
      // Missing or mistyped fields, an extra field: the envelope itself is strict.
      const frame = rng.pick<Record<string, unknown>>([{ id }, { method: 'list' }, { id, method: 42 }, { id, method: '' }, { id, method: 'list', params: {}, extra: 1 }, { id, method: 'x'.repeat(65) }]);
      const readable = 'id' in frame;
      return text('malformed envelope', JSON.stringify(frame), readable ? id : null);
    }
    case 6:
      return text('unknown method', JSON.stringify({ id, method: rng.pick(NOT_METHODS), params: {} }), id);
    case 7: {
      const method = rng.pick(METHODS);
      return text('bad params', JSON.stringify({ id, method, params: badParams(rng, method) }), id);
    }
    case 8:
      return text('no such service', JSON.stringify({ id, method: rng.pick(['start', 'stop', 'restart', 'restore', 'logs', 'history', 'removeService', 'stopPortOwner']), params: { name: absent } }), id);
    case 9:
      return rng.chance(0.5)
        ? text('deep nesting', nested(5_000 + rng.int(50_000)), null)
        : text('deep nesting in params', `{"id":${JSON.stringify(id)},"method":"list","params":${nested(5_000)}}`, id);
    case 10:
      return text('prototype keys', `{"id":${JSON.stringify(id)},"method":"list","params":{"__proto__":{"metrics":true}}}`, id);
    default:
      // Big but under the frame limit: a string param of 100 kB – 900 kB.
      return text('big params', JSON.stringify({ id, method: 'logs', params: { name: 'x', blob: 'a'.repeat(100_000 + rng.int(800_000)) } }), id);
  }
}
