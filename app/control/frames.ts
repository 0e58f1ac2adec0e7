/**
 * Newline-delimited JSON framing for the control socket, shared by the server
 * and the client. No zod here: the CLI loads this on every call.
 */

export type Frame = { kind: 'line'; text: string } | { kind: 'too-long' };

/**
 * Splits a byte stream into lines; a line over `maxBytes` becomes one
 * `too-long` frame and is skipped to its newline, so a peer can never make us
 * buffer without end.
 */
export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** After a too-long frame: drop bytes until the next newline. */
  private skipping = false;
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      const newline = rest.indexOf(0x0a);
      if (newline === -1) {
        if (!this.skipping) {
          this.pending.push(rest);
          this.pendingBytes += rest.length;
          if (this.pendingBytes > this.maxBytes) {
            frames.push({ kind: 'too-long' });
            this.reset(true);
          }
        }
        break;
      }
      const head = rest.subarray(0, newline);
      rest = rest.subarray(newline + 1);
      if (this.skipping) {
        this.reset(false);
        continue;
      }
      if (this.pendingBytes + head.length > this.maxBytes) {
        frames.push({ kind: 'too-long' });
      } else {
        const text = Buffer.concat([...this.pending, head]).toString('utf8').trim();
        if (text !== '') frames.push({ kind: 'line', text });
      }
      this.reset(false);
    }
    return frames;
  }

  private reset(skipping: boolean): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = skipping;
  }
}

/** One frame on the wire. */
export function encodeFrame(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
