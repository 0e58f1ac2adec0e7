/**
 * Pending flags and errors per place in the UI (`runner:restart`,
 * `all:restore`, …), so a button shows it is working and an error appears
 * beside the button that caused it.
 */
import { useCallback, useState } from 'react';
import { asBridgeError } from '../bridge/bridge-error.ts';

export interface Outcome {
  error: string | null;
  /** Steps the engine reported (Restore), shown after it succeeded. */
  steps: string[];
}

export interface PendingTracker {
  isPending(key: string): boolean;
  outcome(key: string): Outcome | undefined;
  dismiss(key: string): void;
  run<T>(key: string, job: () => Promise<T>, stepsOf?: (result: T) => string[]): Promise<T | undefined>;
}

export function usePending(): PendingTracker {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, Outcome>>(new Map());

  const setOutcome = useCallback((key: string, outcome: Outcome | undefined) => {
    setOutcomes((current) => {
      const next = new Map(current);
      if (outcome) next.set(key, outcome);
      else next.delete(key);
      return next;
    });
  }, []);

  const run = useCallback(
    async <T,>(key: string, job: () => Promise<T>, stepsOf?: (result: T) => string[]): Promise<T | undefined> => {
      setPending((current) => new Set(current).add(key));
      setOutcome(key, undefined);
      try {
        const result = await job();
        const steps = stepsOf ? stepsOf(result) : [];
        if (steps.length > 0) setOutcome(key, { error: null, steps });
        return result;
      } catch (error) {
        setOutcome(key, { error: asBridgeError(error).message, steps: [] });
        return undefined;
      } finally {
        setPending((current) => {
          const next = new Set(current);
          next.delete(key);
          return next;
        });
      }
    },
    [setOutcome],
  );

  return {
    isPending: (key) => pending.has(key),
    outcome: (key) => outcomes.get(key),
    dismiss: (key) => setOutcome(key, undefined),
    run,
  };
}
