/**
 * The failed-authentication limit, counted per API Key ID. Every client of the local API is
 * 127.0.0.1, so a count per address let any local process lock every client out, valid keys
 * included. Here only a presented key that is shaped like a key and does not verify counts, and
 * it counts against the API Key ID it names, whether or not that ID exists (so the answer says
 * nothing about which IDs do). Once an ID has `maxFailures` failures within `windowMs`, further
 * failing keys naming it get 429 with Retry-After instead of 401, for as long as they keep coming.
 *
 * The limiter is only asked after a key failed to verify: a valid key is never turned away, and
 * requests without a key (nothing to guess with) are not counted. It does not slow a guesser
 * down: the 256-bit secret is what makes guessing hopeless. It tells a client hammering with a
 * wrong or revoked key to back off, and makes the key it is aimed at stand out in the request log.
 * Time comes from the services' clock, so tests move it by hand.
 */
import type { Clock } from '../services/caller.ts';

export interface FailedAuthLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const DEFAULT_FAILED_AUTH_LIMIT: FailedAuthLimit = { maxFailures: 10, windowMs: 60_000 };

/** Key IDs tracked at most; beyond it the least recently failed are forgotten. */
const MAX_TRACKED_KEY_IDS = 10_000;

export interface FailedAuthLimiter {
  /**
   * Records a failed key naming `keyId`; returns the seconds the caller should wait when the ID
   * had already reached the limit (answer 429), or 0 (answer 401).
   */
  recordFailure(keyId: string): number;
}

export function createFailedAuthLimiter(clock: Clock, limit: FailedAuthLimit = DEFAULT_FAILED_AUTH_LIMIT): FailedAuthLimiter {
  // Failure times per key ID, oldest first, never more than maxFailures of them.
  const failures = new Map<string, number[]>();

  return {
    recordFailure(keyId) {
      const now = clock.now().getTime();
      const times = (failures.get(keyId) ?? []).filter((t) => now - t < limit.windowMs);
      const retryAfter = times.length < limit.maxFailures ? 0 : Math.max(1, Math.ceil((times[0]! + limit.windowMs - now) / 1000));
      times.push(now);
      if (times.length > limit.maxFailures) times.shift();
      failures.delete(keyId); // re-insert so Map order is least recently failed first
      failures.set(keyId, times);
      if (failures.size > MAX_TRACKED_KEY_IDS) failures.delete(failures.keys().next().value!);
      return retryAfter;
    },
  };
}
