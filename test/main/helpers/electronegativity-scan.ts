/**
 * Runs electronegativity in its own process (it prints tables and fetches
 * translations; neither belongs in the test runner's stdout) and writes its
 * findings, with the flagged code, as JSON.
 *
 *   node --import tsx electronegativity-scan.ts INPUT OUTPUT ELECTRON_VERSION EXCLUDED_CHECKS
 */
import Module, { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

interface Issue {
  id: string;
  file: string;
  sample?: string;
  description: string;
  location: { line: number; column: number };
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: unknown[] }>;

const [input, output, electronVersion, excluded] = process.argv.slice(2);
if (!input || !output || !electronVersion) throw new Error('usage: electronegativity-scan.ts INPUT OUTPUT ELECTRON_VERSION [EXCLUDED,…]');
const require = createRequire(import.meta.url);
// Its only network use is fetching translations over the internet at start (the bundled
// English ones are used when that fails). Tests stay on loopback, and on Node 24 got 11's
// retry after the 1 s timeout throws from a timer ("onCancel handler was attached after the
// promise settled") and kills the scan: hand it a got that fails at once instead.
const gotPath = createRequire(require.resolve('@doyensec/electronegativity')).resolve('got');
const offlineGot = new Module(gotPath);
offlineGot.exports = () => Promise.reject(new Error('no network in tests'));
offlineGot.loaded = true;
require.cache[gotPath] = offlineGot;
const run = require('@doyensec/electronegativity') as Run;
const result = await run({
  input,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded ? excluded.split(',') : [],
});
writeFileSync(output, JSON.stringify({ issues: result.issues, errors: result.errors }));
