/** Errors from main, in SendGrid's shape: each names its field where there is one. */
import type { FieldError } from '../../main/core/errors.ts';

export function ErrorList({ errors }: { readonly errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="errors" role="alert">
      {errors.map((error, index) => (
        <li key={index}>{error.field ? `${error.field}: ${error.message}` : error.message}</li>
      ))}
    </ul>
  );
}
