/**
 * The frame shapes every message transport shares (the control socket and the
 * dashboard WebSocket): a request `{id, method, params}`, its reply
 * `{id, result}` or `{id, error}`, and a pushed event `{event, data}`.
 * Declared once so both sides of both transports agree.
 */
import { z } from '../zod.ts';
import { ApiError, toWireError, type EventName, type Events, type WireError } from '../api.ts';

/** The largest frame a transport accepts; anything bigger is refused with an error reply. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export const RequestId = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)]);
export type RequestId = z.infer<typeof RequestId>;

export const RequestFrame = z
  .object({
    id: RequestId,
    method: z.string().min(1).max(64),
    params: z.unknown().optional(),
  })
  .strict();
export type RequestFrame = z.infer<typeof RequestFrame>;

/** `id` is null when the request was too broken to read its id. */
export type ReplyFrame = { id: RequestId; result: unknown } | { id: RequestId | null; error: WireError };
export type EventFrame<E extends EventName = EventName> = { event: E; data: Events[E] };
export type ServerFrame = ReplyFrame | EventFrame;

export type ParsedRequest = { ok: true; request: RequestFrame } | { ok: false; reply: ReplyFrame };

/**
 * Reads one request frame from untrusted text. Never throws: an over-size,
 * non-JSON or misshapen frame comes back as the error reply to send.
 */
export function parseRequestFrame(text: string): ParsedRequest {
  if (Buffer.byteLength(text, 'utf8') > MAX_FRAME_BYTES) {
    return refuse(null, `frame too large (the limit is ${MAX_FRAME_BYTES} bytes)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(null, 'frame is not valid JSON');
  }
  const parsed = RequestFrame.safeParse(value);
  if (!parsed.success) {
    // Answer with the id when the frame has a readable one, so the caller's pending call settles.
    const id = RequestId.safeParse((value as { id?: unknown } | null)?.id);
    const where = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    return refuse(id.success ? id.data : null, `malformed request frame (${where.join('; ')}); expected {id, method, params}`);
  }
  return { ok: true, request: parsed.data };
}

function refuse(id: RequestId | null, message: string): ParsedRequest {
  return { ok: false, reply: { id, error: toWireError(new ApiError('bad-request', message)) } };
}

export function replyFrame(id: RequestId, reply: { ok: true; result: unknown } | { ok: false; error: WireError }): ReplyFrame {
  return reply.ok ? { id, result: reply.result } : { id, error: reply.error };
}

export function eventFrame<E extends EventName>(event: E, data: Events[E]): EventFrame<E> {
  return { event, data };
}
