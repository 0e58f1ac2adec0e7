// Exits 1 at once. Each start appends a line to STARTS_FILE first, so the
// bench counts restarts the same way for every supervisor.
import { appendFileSync } from 'node:fs';

if (process.env.STARTS_FILE) appendFileSync(process.env.STARTS_FILE, `${Date.now()}\n`);
process.exit(1);
