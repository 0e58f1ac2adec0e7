/**
 * The last lines of a file, read backwards in chunks: a 1 GB log costs a few
 * reads, not a full scan.
 */
import fs from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;
/** A file of few, enormous lines must not make a tail read the whole file. */
const MAX_SCAN_BYTES = 16 * 1024 * 1024;

export interface TailOptions {
  /** Read as if the file ended here (so a follow that starts at this offset neither drops nor repeats a line). */
  end?: number;
}

export async function tailLines(file: string, n: number, options: TailOptions = {}): Promise<string[]> {
  if (n <= 0) return [];
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const end = Math.min(options.end ?? size, size);
    const chunks: Buffer[] = [];
    let position = end;
    let newlines = 0;
    // n lines need n newlines before them (plus the one ending the last line, if any).
    const wanted = n + 1;
    while (position > 0 && newlines < wanted && end - position < MAX_SCAN_BYTES) {
      const length = Math.min(CHUNK_BYTES, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, position);
      const data = chunk.subarray(0, bytesRead);
      chunks.unshift(data);
      for (const byte of data) if (byte === 0x0a) newlines += 1;
    }
    let text = Buffer.concat(chunks).toString('utf8');
    if (text.endsWith('\n')) text = text.slice(0, -1);
    if (text === '') return [];
    const lines = text.split('\n');
    // A line cut at the start of what we read is not a whole line, unless we reached the file's start.
    if (position > 0 && lines.length > n) lines.shift();
    return lines.slice(-n).map(stripCarriageReturn);
  } finally {
    await handle.close();
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
