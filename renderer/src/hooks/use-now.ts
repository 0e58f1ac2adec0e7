import { useEffect, useState } from 'react';

/**
 * The time now, and a re-render at least every `everyMs`: pictures of "the
 * last 24 hours" move on by themselves, and a render caused by new data
 * (an entry that just arrived) is drawn up to that moment, not the last tick.
 */
export function useNow(everyMs: number): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return Date.now();
}
