/**
 * Runs electronegativity in its own process (it prints tables and fetches
 * translations; neither belongs in the test runner's stdout) and writes its
 * findings, with the flagged code, as JSON.
 *
 *   node --import tsx electronegativity-scan.ts INPUT OUTPUT ELECTRON_VERSION EXCLUDED_CHECKS
 */
import { createRequire } from 'node:module';
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
const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;
const result = await run({
  input,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded ? excluded.split(',') : [],
});
writeFileSync(output, JSON.stringify({ issues: result.issues, errors: result.errors }));
