/**
 * Failed-authentication rate limit per client address: after `maxFailures` rejected credentials
 * within `windowMs`, the address gets 429 for everything until the oldest failure leaves the
 * window. A blocked address is turned away before its key is even looked up, so guessing costs
 * the server nothing. Time comes from the services' clock, so tests move it by hand.
 */
import type { Clock } from '../services/caller.ts';

export interface FailedAuthLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const DEFAULT_FAILED_AUTH_LIMIT: FailedAuthLimit = { maxFailures: 10, windowMs: 60_000 };

/** Addresses tracked at most; beyond it the stalest are forgotten (all clients are local anyway). */
const MAX_TRACKED_ADDRESSES = 10_000;

export interface FailedAuthLimiter {
  /** Seconds until the address may try again, or 0 when it is not blocked. */
  retryAfterSeconds(address: string): number;
  recordFailure(address: string): void;
}

export function createFailedAuthLimiter(clock: Clock, limit: FailedAuthLimit = DEFAULT_FAILED_AUTH_LIMIT): FailedAuthLimiter {
  // Failure times per address, oldest first, never more than maxFailures of them.
  const failures = new Map<string, number[]>();

  const recent = (address: string, now: number): number[] => {
    const times = (failures.get(address) ?? []).filter((t) => now - t < limit.windowMs);
    if (times.length) failures.set(address, times);
    else failures.delete(address);
    return times;
  };

  return {
    retryAfterSeconds(address) {
      if (!failures.has(address)) return 0; // the hot path for well-behaved clients
      const now = clock.now().getTime();
      const times = recent(address, now);
      if (times.length < limit.maxFailures) return 0;
      return Math.max(1, Math.ceil((times[0]! + limit.windowMs - now) / 1000));
    },

    recordFailure(address) {
      const now = clock.now().getTime();
      const times = recent(address, now);
      times.push(now);
      if (times.length > limit.maxFailures) times.shift();
      failures.delete(address); // re-insert so Map order is least recently failed first
      failures.set(address, times);
      if (failures.size > MAX_TRACKED_ADDRESSES) failures.delete(failures.keys().next().value!);
    },
  };
}
