/**
 * The Upkeep under test: built from the working tree (or the bundle named by
 * UPKEEP_BENCH_CLI, to weigh a candidate fix against the same peers), then
 * copied into the run's temp dir, so an engineer rebuilding dist/ mid-run
 * cannot swap the chunks under a daemon that loads them lazily.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { runChecked } from './command.ts';
import { RUN_ROOT } from './temp.ts';

export async function buildUpkeep(say: (line: string) => void): Promise<string> {
  let cli = process.env.UPKEEP_BENCH_CLI ? path.resolve(process.env.UPKEEP_BENCH_CLI) : null;
  if (cli) {
    say(`Upkeep under test: ${cli} (UPKEEP_BENCH_CLI), copied into the run's temp dir.`);
  } else {
    say('Upkeep under test: this working tree, built (node scripts/build.mjs --no-renderer) and copied into the run\'s temp dir.');
    await runChecked(process.execPath, ['scripts/build.mjs', '--no-renderer'], { timeoutMs: 180_000 });
    cli = path.resolve('dist/cli.mjs');
  }
  const copy = path.join(RUN_ROOT, 'dist');
  cpSync(cli, path.join(copy, 'cli.mjs'));
  cpSync(path.join(path.dirname(cli), 'chunks'), path.join(copy, 'chunks'), { recursive: true });
  return path.join(copy, 'cli.mjs');
}
