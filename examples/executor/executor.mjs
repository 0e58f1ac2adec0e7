#!/usr/bin/env node
// Example service "executor": takes the job files the runner queued, logs
// each, and exits 0 once the queue is empty. Upkeep starts it again when a job
// lands in the queue (relaunch.whenNotEmpty), so between runs it is "waiting",
// not down. Plain Node, no dependencies.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const queueDir = process.env.QUEUE_DIR ?? path.join(os.tmpdir(), 'upkeep-example-queue');
const colour = process.env.NO_COLOR ? () => '' : (code) => `\x1b[${code}m`;

function log(message, code = 36) {
  process.stdout.write(`${new Date().toISOString()} ${colour(code)}executor${colour(0)} ${message}\n`);
}

function pendingJobs() {
  return readdirSync(queueDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

mkdirSync(queueDir, { recursive: true });
let done = 0;
for (;;) {
  const next = pendingJobs()[0];
  if (next === undefined) break;
  const claimed = path.join(queueDir, `${next}.working`);
  try {
    // Claimed by rename, so two executors never take the same job.
    renameSync(path.join(queueDir, next), claimed);
  } catch {
    continue;
  }
  try {
    const job = JSON.parse(readFileSync(claimed, 'utf8'));
    log(`job ${job.id}: ${JSON.stringify(job.payload).slice(0, 200)}`);
    done += 1;
  } catch (error) {
    log(`job ${next} is unreadable, dropped: ${error.message}`, 31);
  }
  rmSync(claimed, { force: true });
}
log(done > 0 ? `queue empty after ${done} job(s); exiting` : 'queue empty; exiting', 90);
