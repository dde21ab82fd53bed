/**
 * Errors from main, in SendGrid's shape, placed where the user can act on them: next to the field
 * they name, or (no field, or a field this form does not show) as a notice.
 */
import type { FieldError } from '../../common/errors.ts';
import { WarningIcon } from './icons.tsx';

export function errorsFor(errors: readonly FieldError[], field: string): readonly FieldError[] {
  return errors.filter((error) => error.field === field);
}

export function errorsOutside(errors: readonly FieldError[], fields: readonly string[]): readonly FieldError[] {
  return errors.filter((error) => error.field === null || !fields.includes(error.field));
}

/** The messages under a field; `id` is what the field's aria-describedby points at. */
export function FieldMessages({ id, errors }: { readonly id: string; readonly errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {errors.map((error, index) => (
        <p key={index}>
          <WarningIcon />
          {error.message}
        </p>
      ))}
    </div>
  );
}
