/**
 * Hex names that must be unique, not secret: a run's tag, a temp file's
 * suffix. From Math.random, which V8 seeds from the OS in every process, not
 * from node:crypto: loading that module initialises OpenSSL and keeps 1.6 MiB
 * of RssAnon in the engine for good (measured on Node 24), for names nobody
 * has to guess.
 */
export function uniqueHex(length: number): string {
  let hex = '';
  while (hex.length < length) hex += Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return hex.slice(0, length);
}
