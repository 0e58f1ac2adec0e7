/**
 * A prefork server's master dies (SIGKILL): its workers, still in the run's
 * process group and holding the port, are stopped before the restart, so the
 * new master binds at once. The service never shows `blocked` by a "stale
 * copy" that is its own, and nothing of the old group survives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseStat } from '../../app/os/proc-stat.ts';
import type { ServiceSpec } from '../../app/config/schema.ts';
import { engineWith, fixture, uniqueName } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';
import { killAtEnd, pidsWithEnv } from '../support/processes.ts';
import { tempHome } from '../support/temp-home.ts';
import { recordEvents, waitFor } from '../support/wait.ts';

const GUNICORN = '/usr/bin/gunicorn';

/** GET / → {pid, master}; null while nothing answers. */
function ask(port: number): Promise<{ pid: number; master: number } | null> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 200 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        try {
          resolve(JSON.parse(body) as { pid: number; master: number });
        } catch {
          resolve(null);
        }
      });
      response.on('error', () => resolve(null));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}

/** Live (not zombie) processes in a process group, from /proc. */
function liveInGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
        return stat && stat.pgid === pgid && stat.state !== 'Z' ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

async function killMasterAndWatch(t: Parameters<typeof engineWith>[0], spec: ServiceSpec, port: number, workers: number) {
  const { engine } = await engineWith(t, [spec]);
  killAtEnd(t, () => [...liveInGroup(oldMaster), ...(newMaster ? liveInGroup(newMaster) : [])]);
  let oldMaster = 0;
  let newMaster = 0;
  oldMaster = await waitFor(async () => {
    const status = (await engine.list({})).services[0];
    if (status?.state !== 'running' || status.pid === null) return null;
    const answer = await ask(port);
    return answer?.master === status.pid && liveInGroup(status.pid).length === workers + 1 ? status.pid : null;
  }, `${spec.name} serving from its master with ${workers} workers`, 20_000);

  const { events } = recordEvents(engine);
  process.kill(oldMaster, 'SIGKILL');
  const killedAt = Date.now();
  newMaster = await waitFor(async () => {
    const status = (await engine.list({})).services[0];
    const answer = await ask(port);
    return status?.pid && status.pid !== oldMaster && answer?.master === status.pid ? status.pid : null;
  }, 'the port answering from the new master', 15_000, 20);
  const tookMs = Date.now() - killedAt;
  return { engine, events, oldMaster, newMaster, tookMs };
}

test('prefork (Node): SIGKILL the master, its workers go with it, the new master serves, never blocked', async (t) => {
  const port = await freePort();
  const name = uniqueName('prefork');
  const spec: ServiceSpec = { name, command: [process.execPath, fixture('prefork.mjs'), '3', '15000'], port };
  const { events, oldMaster, tookMs } = await killMasterAndWatch(t, spec, port, 3);
  t.diagnostic(`SIGKILL of the master → the new master answers: ${tookMs} ms`);

  assert.deepEqual(liveInGroup(oldMaster), [], 'no process of the old group remains');
  assert.deepEqual(events.filter((e) => e.status.state === 'blocked').map((e) => e.status.reason), [], 'never blocked');
  assert.ok(events.every((e) => e.status.duplicates.length === 0), 'its own workers were never called stray copies');
  // Without the reap the workers would hold the port for 15 s.
  assert.ok(tookMs < 5_000, `the new master answered after ${tookMs} ms`);
  const tagged = await pidsWithEnv('UPKEEP_SERVICE', name);
  assert.equal(tagged.length, 4, `one master and three workers carry the tag: ${tagged.join(', ')}`);
});

test('a plain crash pays no scan: the process group is empty and the port is free', async () => {
  const { reapLeftovers } = await import('../../app/runs/reap-leftovers.ts');
  const port = await freePort();
  // A group that no longer exists (a pid from the far end of the range), a free port.
  assert.deepEqual(await reapLeftovers({ pid: 4_000_000, pgid: 4_000_000, runId: 'none', port }, 'SIGTERM', 500), { scanned: false, killed: [], portFree: true });
  assert.deepEqual(await reapLeftovers({ pid: 4_000_000, pgid: 4_000_000, runId: 'none', port: null }, 'SIGTERM', 500), { scanned: false, killed: [], portFree: false });
});

test('real gunicorn (Debian): SIGKILL the master, the new master serves, no process of the old group remains', { skip: existsSync(GUNICORN) ? false : `${GUNICORN} is not installed (apt-get install gunicorn)` }, async (t) => {
  const dir = tempHome(t);
  writeFileSync(
    path.join(dir, 'app.py'),
    [
      'import json, os',
      'def app(environ, start_response):',
      '    body = json.dumps({"pid": os.getpid(), "master": os.getppid()}).encode()',
      "    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])",
      '    return [body]',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const spec: ServiceSpec = { name: uniqueName('guni'), command: [GUNICORN, '-w', '3', '-b', '127.0.0.1:{port}', 'app:app'], cwd: dir, port };
  const { events, oldMaster, newMaster, tookMs } = await killMasterAndWatch(t, spec, port, 3);
  t.diagnostic(`gunicorn: SIGKILL of the master → the new master's workers answer: ${tookMs} ms`);

  assert.deepEqual(liveInGroup(oldMaster), [], 'no process of the old group remains');
  assert.deepEqual(events.filter((e) => e.status.state === 'blocked').map((e) => e.status.reason), [], 'never blocked');
  assert.ok(events.every((e) => e.status.duplicates.length === 0), 'its own workers were never called stray copies');
  assert.ok(newMaster !== oldMaster);
});
