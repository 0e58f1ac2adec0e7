// `npm run bench`: Upkeep against PM2 and supervisord (bench/README.md).
// The bench itself is TypeScript, run through tsx from the repository root;
// arguments pick parts: `node scripts/bench.mjs restart logs`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
