import type { ServiceStatus } from '../../../app/api.ts';
import { stateWord, toneOf } from '../model/tone.ts';

/** Colour and word together: the dot is never the only sign of a state. */
export function StateBadge({ status }: { status: Pick<ServiceStatus, 'state' | 'health'> }) {
  const tone = toneOf(status.state, status.health);
  return (
    <span className={`badge tone-${tone}`} data-tone={tone} data-state={status.state}>
      <span className="dot" aria-hidden="true" />
      {stateWord(status)}
    </span>
  );
}
