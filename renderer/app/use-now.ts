/**
 * "Now" for what the list says about time ("expires in 5 days", expired or not): taken again every
 * minute, so a window left open stays true, and whenever `data` changes, so fresh data is judged
 * at the time it arrived.
 */
import { useEffect, useMemo, useState } from 'react';

export function useNow(data?: unknown, intervalMs = 60_000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- data and tick say when to read the clock again; the reading uses neither
  return useMemo(() => Date.now(), [data, tick]);
}
