// Not a service: the least a Node supervisor can do for the crash loop, as a
// same-run reference for the engine's figure. It spawns CRASH_SERVICE, reaps
// it and waits the delays it was given (Upkeep's backoff, from the bench)
// before the next start; nothing else. It waits for "go" on stdin, so it is
// started and quiet before the window, and ends when stdin closes (bounded
// by MAX_MS in case the bench dies).
import { spawn } from 'node:child_process';

const [delaysJson, crashService] = process.argv.slice(2);
const delays = JSON.parse(delaysJson);
const MAX_MS = 120_000;
setTimeout(() => process.exit(0), MAX_MS).unref();

let starts = 0;
function start() {
  starts += 1;
  const child = spawn(process.execPath, [crashService], { stdio: 'ignore', detached: true });
  child.once('exit', () => setTimeout(start, delays[starts - 1] ?? delays.at(-1)));
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  if (text.includes('go') && starts === 0) start();
});
process.stdin.on('end', () => process.exit(0));
