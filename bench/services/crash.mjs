// Exits 1, at once or after CRASH_AFTER_MS. Each start appends a line to
// STARTS_FILE first, so the bench counts restarts the same way for every supervisor.
import { appendFileSync } from 'node:fs';

if (process.env.STARTS_FILE) appendFileSync(process.env.STARTS_FILE, `${Date.now()}\n`);
const after = Number(process.env.CRASH_AFTER_MS ?? 0);
if (after > 0) setTimeout(() => process.exit(1), after);
else process.exit(1);
