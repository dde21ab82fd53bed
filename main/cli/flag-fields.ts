/**
 * Services name the input field that was wrong (`expires_at`, `grace`); on the command line the
 * user typed a flag, so the error names that flag instead.
 */
import { KeydeskError } from '../../common/errors.ts';

export function withFlagNames<T>(flags: Readonly<Record<string, string>>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof KeydeskError) || !error.errors.some((e) => e.field !== null && e.field in flags)) throw error;
    throw new KeydeskError(
      error.code,
      error.errors.map((e) => (e.field !== null && e.field in flags ? { ...e, field: flags[e.field]! } : e)),
    );
  }
}
