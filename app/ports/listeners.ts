/**
 * Which TCP ports something listens on, on any address, as the kernel sees
 * it: Linux from /proc/net/tcp and tcp6 (no process spawned), elsewhere one
 * `lsof` call. A bind test on loopback alone misses a listener on another
 * address that a service binding 0.0.0.0 or :: would still collide with.
 */
import { readFile } from 'node:fs/promises';
import { runTool } from '../os/run-tool.ts';

export interface Listener {
  /** Printable local address: `127.0.0.1`, `0.0.0.0`, `::`, `::1`, … */
  address: string;
  port: number;
  /** The socket's inode (Linux), which /proc/PID/fd links name as `socket:[inode]`; 0 elsewhere. */
  inode: number;
}

const TCP_LISTEN = '0A';

/** /proc/net writes each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // The WHATWG URL parser writes IPv6 in its canonical short form (`::1`).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** Parses /proc/net/tcp or tcp6; only LISTEN rows; malformed rows are skipped. */
export function parseProcNetTcp(text: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== TCP_LISTEN) continue;
    const match = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(fields[1] ?? '');
    const inode = Number(fields[9]);
    if (!match || !Number.isInteger(inode)) continue;
    listeners.push({ address: decodeAddress(match[1] as string), port: parseInt(match[2] as string, 16), inode });
  }
  return listeners;
}

/** Read off the event loop: the kernel builds these files by walking its socket tables (~6 ms each measured here). */
async function readProcNet(file: string): Promise<Listener[]> {
  try {
    return parseProcNetTcp(await readFile(file, 'utf8'));
  } catch {
    return []; // no IPv6 on this machine, or no /proc/net
  }
}

/** Parses `lsof -nP -iTCP -sTCP:LISTEN -Fn`: `n127.0.0.1:8080`, `n*:5555`, `n[::1]:3000`. */
export function parseLsofListeners(output: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of output.split('\n')) {
    const match = /^n(.*):(\d+)$/.exec(line);
    if (!match) continue;
    const host = (match[1] as string).replace(/^\[(.*)\]$/, '$1');
    listeners.push({ address: host === '*' ? '0.0.0.0' : host, port: Number(match[2]), inode: 0 });
  }
  return listeners;
}

export async function listListeners(): Promise<Listener[]> {
  if (process.platform === 'linux') {
    const [v4, v6] = await Promise.all([readProcNet('/proc/net/tcp'), readProcNet('/proc/net/tcp6')]);
    return [...v4, ...v6];
  }
  if (process.platform === 'win32') return [];
  return parseLsofListeners(await runTool('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-Fn']));
}
