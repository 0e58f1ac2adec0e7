/**
 * spawn() forks the engine and blocks the event loop for a few milliseconds.
 * When many services restart at once (their backoff timers fire together),
 * spawning them back to back would hold every client's request until all are
 * done. The gate lets one spawn through per turn of the event loop, so
 * socket I/O runs between spawns.
 */
let last: Promise<void> = Promise.resolve();

export function nextSpawnTurn(): Promise<void> {
  const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  last = turn;
  return turn;
}
