/**
 * spawn() forks the engine and blocks the event loop for a millisecond or
 * more. When many services restart at once (their backoff timers fire
 * together), spawning them back to back would hold every client's request
 * until all are done. The gate lets one spawn through per turn of the event
 * loop, so socket I/O runs between spawns. A spawn that finds the gate open
 * goes at once: a lone restart (the common case) waits for no turn.
 */

/** Resolves once the turn of the last spawn let through is over; null while no spawn went this turn. */
let closedUntil: Promise<void> | null = null;

/** null: spawn now. Otherwise a promise to await first (the gate is held for the caller either way). */
export function takeSpawnTurn(): Promise<void> | null {
  const wait = closedUntil;
  const reopens = (wait ?? Promise.resolve()).then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  closedUntil = reopens;
  void reopens.then(() => {
    if (closedUntil === reopens) closedUntil = null;
  });
  return wait;
}
