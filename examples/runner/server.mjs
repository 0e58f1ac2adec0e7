#!/usr/bin/env node
// Example service "runner": a small webhook server. GET /health reports its
// components; POST /webhook logs the call and queues a job file for the
// executor. Plain Node with no dependencies, so it runs on a fresh machine.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.PORT ?? 5555);
const queueDir = process.env.QUEUE_DIR ?? path.join(os.tmpdir(), 'upkeep-example-queue');
const MAX_BODY = 1024 * 1024;
const colour = process.env.NO_COLOR ? () => '' : (code) => `\x1b[${code}m`;

function log(level, message) {
  const tag = level === 'error' ? `${colour(31)}error${colour(0)}` : level === 'warn' ? `${colour(33)}warn ${colour(0)}` : `${colour(32)}info ${colour(0)}`;
  process.stdout.write(`${new Date().toISOString()} ${tag} ${message}\n`);
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function queueJob(payload) {
  mkdirSync(queueDir, { recursive: true });
  const id = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const file = path.join(queueDir, `${id}.json`);
  // Written under a temporary name, then renamed: the executor never reads half a job.
  writeFileSync(`${file}.tmp`, JSON.stringify({ id, receivedAt: new Date().toISOString(), payload }));
  renameSync(`${file}.tmp`, file);
  return id;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/health') {
    return send(res, 200, { overall_status: 'operational', components: { webhooks: 'up', queue: 'up' } });
  }
  if (req.method === 'POST' && url.pathname === '/webhook') {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(res, 413, { error: 'payload too large' });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      const text = Buffer.concat(chunks).toString('utf8');
      let payload;
      try {
        payload = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        log('warn', `webhook with a body that is not JSON (${size} bytes) refused`);
        return send(res, 400, { error: 'body must be JSON' });
      }
      try {
        const job = queueJob(payload);
        log('info', `webhook received (${size} bytes), queued job ${job}`);
        send(res, 202, { accepted: true, job });
      } catch (error) {
        log('error', `could not queue the job: ${error.message}`);
        send(res, 500, { error: 'could not queue the job' });
      }
    });
    return;
  }
  send(res, 404, { error: 'not found', try: ['GET /health', 'POST /webhook'] });
});

server.on('error', (error) => {
  log('error', `cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => log('info', `runner listening on http://127.0.0.1:${port} (queue: ${queueDir})`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    log('info', `${signal}: shutting down`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
