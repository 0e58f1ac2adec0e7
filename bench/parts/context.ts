/** What every benchmark part gets from the runner. */
import type { SupervisorId } from '../supervisors/types.ts';

export interface PartContext {
  /** The supervisors to compare, in the order rounds visit them. */
  ids: SupervisorId[];
  /** A progress line for the person watching. */
  say(line: string): void;
}
