/** What one line of history/<name>.jsonl must be: a HistoryEntry, checked field by field. */
import { z } from '../zod.ts';
import { HISTORY_KINDS, SERVICE_STATES, type HistoryEntry } from '../api.ts';

const State = z.enum(SERVICE_STATES);

export const HistoryLine = z.object({
  at: z.number().finite().nonnegative(),
  service: z.string().min(1),
  from: State.nullable(),
  to: State,
  reason: z.string(),
  kind: z.enum(HISTORY_KINDS),
  health: z.enum(['healthy', 'unhealthy', 'unknown']).optional(),
  engine: z.enum(['started', 'stopped']).optional(),
});

// The schema and the API type must describe the same entry.
const _same: z.infer<typeof HistoryLine> extends HistoryEntry ? (HistoryEntry extends z.infer<typeof HistoryLine> ? true : never) : never = true;
void _same;
