/** The shape of a request frame, validated before the call reaches a Session. */
import { z } from 'zod';

const RequestId = z.union([z.string().max(128), z.number().int().safe()]);

export const RequestFrame = z
  .object({
    id: RequestId,
    method: z.string().min(1).max(64),
    params: z.unknown().optional(),
  })
  .strict();
export type RequestFrame = z.infer<typeof RequestFrame>;

/** The id of a frame that failed validation, if it has a usable one (so the client can match the error). */
export function salvageId(frame: unknown): string | number | null {
  if (typeof frame !== 'object' || frame === null || !('id' in frame)) return null;
  const parsed = RequestId.safeParse(frame.id);
  return parsed.success ? parsed.data : null;
}
