/**
 * Services name the input field that was wrong (`expires_at`, `grace`); on the command line the
 * user typed a flag, so the error names that flag instead.
 */
import { KeydeskError } from '../../common/errors.ts';

/** `error` with the fields in `flags` renamed to their flags; anything else unchanged. */
export function namingFlags(flags: Readonly<Record<string, string>>, error: unknown): unknown {
  if (!(error instanceof KeydeskError) || !error.errors.some((e) => e.field !== null && e.field in flags)) return error;
  return new KeydeskError(
    error.code,
    error.errors.map((e) => (e.field !== null && e.field in flags ? { ...e, field: flags[e.field]! } : e)),
  );
}

export function withFlagNames<T>(flags: Readonly<Record<string, string>>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw namingFlags(flags, error);
  }
}
