/**
 * `npm run bench` (scripts/bench.mjs runs this through tsx): Upkeep, PM2 and
 * supervisord on the same workloads, interleaved, one table of figures and
 * ratios, and the raw numbers as JSON in bench/results/.
 *
 *   node scripts/bench.mjs                 everything (about 6 minutes)
 *   node scripts/bench.mjs restart logs    only those parts
 *   node scripts/bench.mjs soak            the 10-minute memory soak (not in the default run)
 *   UPKEEP_BENCH_CLI=/x/dist/cli.mjs …     another build of Upkeep (a candidate fix)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMachine, machineLine } from './lib/machine.ts';
import { buildUpkeep } from './lib/upkeep-build.ts';
import { markRun, sweepRun } from './lib/sweep.ts';
import { RUN_ROOT, removeTempRoot } from './lib/temp.ts';
import type { PartContext } from './parts/context.ts';
import { crashPart } from './parts/crash.ts';
import { fleetPart } from './parts/fleet.ts';
import { logsPart } from './parts/logs.ts';
import { preforkPart } from './parts/prefork.ts';
import { restartPart } from './parts/restart.ts';
import { SOAK_MS, soakPart } from './parts/soak.ts';
import { buildRows, type Results } from './report/rows.ts';
import { formatTable, verdict } from './report/table.ts';
import { availableSupervisors, closeAll } from './supervisors/index.ts';
import { useUpkeepCli } from './supervisors/upkeep.ts';

const PARTS = ['restart', 'idle', 'status', 'logs', 'crash', 'prefork', 'scale', 'soak'] as const;
type Part = (typeof PARTS)[number];
/** The soak takes 10 minutes on its own: asked for by name. */
const DEFAULT_PARTS = PARTS.filter((part) => part !== 'soak');
const SCALE_SERVICES = 100;
const FLEET_SERVICES = 20;

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function selectedParts(argv: string[]): Set<Part> {
  const unknown = argv.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown part ${unknown.join(', ')}; choose from ${PARTS.join(' ')}\n`);
    process.exit(2);
  }
  return new Set(argv.length > 0 ? (argv as Part[]) : DEFAULT_PARTS);
}

async function cleanUp(): Promise<void> {
  await closeAll().catch((error: Error) => say(`cleanup: ${error.message}`));
  const leftovers = sweepRun();
  if (leftovers.length > 0) say(`cleanup: killed ${leftovers.length} leftover process(es) of this run by pid: ${leftovers.join(', ')}`);
  removeTempRoot();
}

async function main(): Promise<number> {
  const parts = selectedParts(process.argv.slice(2));
  markRun(RUN_ROOT);
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say('\ninterrupted: stopping every supervisor and service this run started…');
    void cleanUp().finally(() => process.exit(130));
  });

  const machine = describeMachine();
  say(machineLine(machine));
  useUpkeepCli(await buildUpkeep(say));
  const ids = availableSupervisors(say);
  const ctx: PartContext = { ids, say };

  const results: Results = {};
  const errors: Record<string, string> = {};
  const started = Date.now();
  const run = async (name: string, what: string, body: () => Promise<void>): Promise<void> => {
    say(`\n▶ ${name}: ${what}`);
    const t0 = Date.now();
    try {
      await body();
      say(`  done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } catch (error) {
      errors[name] = (error as Error).stack ?? String(error);
      say(`  FAILED: ${(error as Error).message}`);
      await closeAll().catch(() => undefined);
    }
  };

  try {
    if (parts.has('restart')) await run('restart', 'SIGKILL → /health 200, against the cold start', async () => void (results.restart = await restartPart(ctx)));
    if (parts.has('idle') || parts.has('status')) {
      await run('idle/status', `${FLEET_SERVICES} services: idle cost, then status latency`, async () => {
        results.idle = await fleetPart(ctx, FLEET_SERVICES, { idle: parts.has('idle'), status: parts.has('status') });
      });
    }
    if (parts.has('logs')) await run('logs', 'log burst throughput and completeness', async () => void (results.logs = await logsPart(ctx)));
    if (parts.has('crash')) await run('crash', 'crash loop', async () => void (results.crash = await crashPart(ctx)));
    if (parts.has('prefork')) await run('prefork', 'SIGKILL of a prefork master → the port answers from a new master', async () => void (results.prefork = await preforkPart(ctx)));
    if (parts.has('scale')) {
      await run('scale', `${SCALE_SERVICES} services: idle cost and status latency`, async () => {
        results.scale = await fleetPart(ctx, SCALE_SERVICES, { idle: true, status: true });
      });
    }
    if (parts.has('soak')) await run('soak', `memory under churn, ${SOAK_MS / 60_000} min`, async () => void (results.soak = await soakPart(ctx)));
  } finally {
    await cleanUp();
  }

  const rows = buildRows(results);
  say(`\n${machineLine(machine)} Load average (1 min) at the end: ${(os.loadavg()[0] ?? 0).toFixed(1)}.\n`);
  say(formatTable(rows, ids));
  const report = {
    machine,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    supervisors: ids,
    results,
    table: rows.map((row) => ({ ...row, ...verdict(row) })),
    errors,
  };
  const dir = path.resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  say(`\nRaw figures: ${path.relative(process.cwd(), file)} (also bench/results/latest.json); ${report.durationS} s in all.`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

process.exitCode = await main();
