import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ServiceSpec } from '../../app/config/schema.ts';
import { exampleServices, findExamplesDir } from '../../app/examples.ts';

const examplesDir = findExamplesDir();

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

test('the example service definitions are valid and found in this checkout', () => {
  assert.ok(examplesDir, 'examples/ not found');
  const specs = exampleServices(examplesDir, '/tmp/q');
  for (const spec of specs) ServiceSpec.parse(spec);
  const runner = specs.find((s) => s.name === 'runner');
  assert.equal(runner?.port, 5555);
  assert.equal(runner?.portEnv, 'PORT');
  assert.deepEqual(runner?.health, {
    kind: 'http',
    url: 'http://127.0.0.1:{port}/health',
    json: { path: 'overall_status', equals: 'operational' },
  });
  assert.equal(specs.find((s) => s.name === 'executor')?.restart, 'always');
});

test('a webhook to the runner becomes a job the executor logs, and the executor exits 0 on an empty queue', async () => {
  assert.ok(examplesDir);
  const queueDir = await mkdtemp(path.join(os.tmpdir(), 'upkeep-queue-'));
  const port = await freePort();
  const [runnerSpec, executorSpec] = exampleServices(examplesDir, queueDir);
  const runner = spawn(runnerSpec!.command[0]!, runnerSpec!.command.slice(1), {
    env: { ...process.env, ...runnerSpec!.env, PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let runnerLog = '';
  runner.stdout!.on('data', (c: Buffer) => (runnerLog += c.toString()));
  try {
    const health = await until('runner health', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.ok ? ((await res.json()) as { overall_status: string; components: Record<string, string> }) : undefined;
    });
    assert.equal(health.overall_status, 'operational');
    assert.deepEqual(health.components, { webhooks: 'up', queue: 'up' });

    const bad = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', body: '{oops' });
    assert.equal(bad.status, 400);
    const accepted = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', body: JSON.stringify({ event: 'push', repo: 'upkeep' }) });
    assert.equal(accepted.status, 202);
    const { job } = (await accepted.json()) as { job: string };
    assert.deepEqual(await readdir(queueDir), [`${job}.json`]);
    await until('webhook log line', async () => (runnerLog.includes(`queued job ${job}`) ? true : undefined));

    const run = (): Promise<{ code: number | null; out: string }> => {
      const child = spawn(executorSpec!.command[0]!, executorSpec!.command.slice(1), {
        env: { ...process.env, ...executorSpec!.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      return exited(child).then((code) => ({ code, out }));
    };
    const first = await run();
    assert.equal(first.code, 0);
    assert.match(first.out, new RegExp(`job ${job}: \\{"event":"push","repo":"upkeep"\\}`));
    assert.match(first.out, /queue empty after 1 job/);
    assert.deepEqual(await readdir(queueDir), []);

    const idle = await run();
    assert.equal(idle.code, 0);
    assert.match(idle.out, /queue empty; exiting/);
  } finally {
    runner.kill('SIGTERM');
    assert.equal(await exited(runner), 0);
    await rm(queueDir, { recursive: true, force: true });
  }
});
