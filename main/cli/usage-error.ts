/**
 * A command line that cannot be read as a request (a flag missing, two that exclude each other, a
 * value that is not a duration, a date, a number or a category): exit 2, as for commander's own
 * usage errors, before any store is opened. Whatever the store or its rules refuse exits 1.
 */
import { KeydeskError, type FieldError } from '../../common/errors.ts';

export class UsageError extends KeydeskError {
  constructor(errors: readonly FieldError[]) {
    super('BAD_REQUEST', errors);
    this.name = 'UsageError';
  }
}

export const usageError = (field: string | null, message: string): UsageError => new UsageError([{ field, message }]);
