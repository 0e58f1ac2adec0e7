/**
 * What the dashboard server may send: a reply `{id, result}` / `{id, error}`
 * or an event `{event, data}` (the envelope of app/transport/envelope.ts;
 * the event names and error codes come from app/shared, so a new event
 * cannot be dropped here silently).
 */
import { z } from 'zod';
import type { EventName, WireError } from '../../../app/api.ts';
import { ERROR_CODES } from '../../../app/shared/api-error.ts';
import { EVENT_NAMES } from '../../../app/shared/methods.ts';

const WireErrorShape = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const ServerFrame = z.union([
  z.object({ id: z.union([z.number(), z.string(), z.null()]), error: WireErrorShape }),
  z.object({ id: z.union([z.number(), z.string()]), result: z.unknown() }),
  z.object({ event: z.enum(EVENT_NAMES), data: z.unknown() }),
]);

export type ParsedFrame =
  | { kind: 'reply'; id: number | string; result: unknown }
  | { kind: 'error'; id: number | string | null; error: WireError }
  | { kind: 'event'; event: EventName; data: unknown };

export function parseServerFrame(text: string): ParsedFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ServerFrame.safeParse(value);
  if (!parsed.success) return null;
  const frame = parsed.data;
  if ('event' in frame) return { kind: 'event', event: frame.event, data: frame.data };
  if ('error' in frame) return { kind: 'error', id: frame.id, error: frame.error };
  return { kind: 'reply', id: frame.id, result: frame.result };
}
