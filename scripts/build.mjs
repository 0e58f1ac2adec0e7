// Builds everything `npm start`, the `upkeep` CLI and the tests need:
// the CLI and Electron main bundled by esbuild (one file each, so the CLI
// starts fast), the preload as CommonJS (sandboxed preloads cannot be ESM),
// and the renderer by Vite. Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const at = (p) => path.join(root, p);
const watch = process.argv.includes('--watch');

// CommonJS dependencies (tree-kill, ps-tree, …) call require() for built-ins.
const requireShim = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const jobs = [];
if (existsSync(at('app/cli/main.ts'))) {
  jobs.push(build({ ...node, entryPoints: ['app/cli/main.ts'], outfile: 'dist/cli.mjs', format: 'esm', banner: { js: requireShim } }));
}
if (existsSync(at('main/main.ts'))) {
  jobs.push(build({ ...node, entryPoints: ['main/main.ts'], outfile: 'dist/main.mjs', format: 'esm', external: ['electron'], banner: { js: requireShim } }));
}
if (existsSync(at('main/preload.ts'))) {
  jobs.push(build({ ...node, entryPoints: ['main/preload.ts'], outfile: 'dist/preload.cjs', format: 'cjs', external: ['electron'] }));
}
await Promise.all(jobs);

if (existsSync(at('renderer/index.html')) && !process.argv.includes('--no-renderer')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn', build: { watch: watch ? {} : null } });
}
