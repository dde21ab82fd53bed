/**
 * A labelled line of text with its hint and, under it, what main refused about it (tied to the
 * input for screen readers): the fields of the pull dialog and of the owner, purpose and tags forms.
 */
import type { FieldError } from '../../common/errors.ts';
import { FieldMessages } from './field-errors.tsx';

interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint: string;
  readonly errors: readonly FieldError[];
  readonly type?: 'text' | 'password';
  /** Marked required, and focused when the form opens. */
  readonly required?: boolean;
}

export function TextField({ id, label, value, onChange, hint, errors, type = 'text', required = false }: TextFieldProps) {
  const described = errors.length > 0 ? `${id}-error ${id}-hint` : `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        className="text-input"
        type={type}
        value={value}
        autoFocus={required}
        autoComplete="off"
        spellCheck={false}
        aria-required={required || undefined}
        aria-invalid={errors.length > 0}
        aria-describedby={described}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      <FieldMessages id={`${id}-error`} errors={errors} />
    </div>
  );
}
