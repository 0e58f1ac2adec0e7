/** The plan a takeover (or its undo) shows before it acts: the API, the CLI and the window carry this. */
import type { ServiceSpec } from '../config/schema.ts';
import type { Finding } from '../rivals/finding.ts';

export interface PlanStep {
  /** What the step does, in words. */
  title: string;
  /** The files it edits (each backed up first) or reads. */
  files: string[];
  /** The exact commands it runs. */
  commands: string[];
  /** 'system': Upkeep does not do this one; a person runs the commands. */
  scope: 'user' | 'system';
}

export interface TakeoverPlan {
  service: string;
  direction: 'takeover' | 'undo';
  /** Changes when anything in the plan changes: acting on a plan checks it is still the one shown. */
  planId: string;
  findings: Finding[];
  /** 'import': a new definition read from the rival; 'existing': the one Upkeep has. null for an undo. */
  definition: { source: 'import' | 'existing'; spec: ServiceSpec; leftOut: string[] } | null;
  steps: PlanStep[];
  /** Why it cannot go ahead (a system-scope rival, an unsupported setting, no rival found). Empty: it can. */
  blockers: string[];
}
