/**
 * When a key expires: no expiry, 30 / 90 / 365 days, or a date (in edit, also "keep" what it has).
 * Under the account's maximum-lifetime policy the choices beyond it are unavailable, with the
 * policy said next to them; main checks the same rule and its message lands here too. A line
 * under the choices says exactly when the key will stop working.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import { useId } from 'react';
import { describeExpiry } from '../../common/lifecycle.ts';
import type { FieldError } from '../../common/errors.ts';
import { choiceValue, dateBounds, expiryOf, expiryOptions, policyText, type ExpiryChoice } from '../keys/expiry-choice.ts';
import { formatDateTime } from '../keys/labels.ts';
import { errorsFor, FieldMessages } from './field-errors.tsx';

interface Props {
  readonly choice: ExpiryChoice;
  readonly onChoice: (choice: ExpiryChoice) => void;
  /** The account's maximum key lifetime in days, or null for none. */
  readonly policyDays: number | null;
  /** The key's expiry now, for the "keep" choice of the edit form; omit to offer no "keep". */
  readonly current?: string | null;
  readonly now: number;
  readonly errors: readonly FieldError[];
  readonly label?: string;
}

export function ExpiryField({ choice, onChoice, policyDays, current, now, errors, label = 'Expiry' }: Props) {
  const id = useId();
  const withKeep = current !== undefined;
  const options = expiryOptions(policyDays, withKeep);
  const fieldErrors = errorsFor(errors, 'expires_at');
  const bounds = dateBounds(now, policyDays);
  const date = choice.kind === 'date' ? choice.date : '';
  const describedBy = [`${id}-when`, policyDays !== null ? `${id}-policy` : null, fieldErrors.length ? `${id}-error` : null].filter(Boolean).join(' ');

  function choose(value: string) {
    const option = options.find((o) => o.value === value);
    if (!option) return;
    onChoice(option.choice ?? { kind: 'date', date: '' });
  }

  return (
    <fieldset className="field expiry-field">
      <legend className="field__label" id={`${id}-label`}>
        {label}
      </legend>
      <RadioGroup.Root
        className="segmented segmented--wrap"
        aria-labelledby={`${id}-label`}
        aria-describedby={describedBy}
        orientation="horizontal"
        value={choiceValue(choice)}
        onValueChange={choose}
      >
        {options.map((option) => (
          <RadioGroup.Item
            key={option.value}
            value={option.value}
            className="segmented__item"
            disabled={option.refused !== null}
            title={option.refused ?? undefined}
          >
            {option.label}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      {choice.kind === 'date' && (
        <input
          type="date"
          className="text-input text-input--date"
          aria-label="Expiry date"
          value={date}
          min={bounds.min}
          max={bounds.max}
          aria-invalid={fieldErrors.length > 0}
          onChange={(event) => onChoice({ kind: 'date', date: event.target.value })}
        />
      )}
      <p className="field__hint" id={`${id}-when`}>
        {whenText(choice, now, current ?? null)}
      </p>
      {policyDays !== null && (
        <p className="field__hint" id={`${id}-policy`}>
          {policyText(policyDays)}
        </p>
      )}
      <FieldMessages id={`${id}-error`} errors={fieldErrors} />
    </fieldset>
  );
}

/** "Expires Feb 14, 2026, 9:00 AM (in 30 days).", "Never expires.", or what keeping means. */
function whenText(choice: ExpiryChoice, now: number, current: string | null): string {
  if (choice.kind === 'keep') {
    return current === null ? 'Keeps no expiry.' : `Keeps its expiry: ${formatDateTime(current)} (${describeExpiry(current, new Date(now))}).`;
  }
  const at = expiryOf(choice, now);
  if (at === null) return 'No expiry: works until disabled or deleted.';
  if (at === undefined) return 'Choose the day it stops working (at 00:00, your time).';
  return `Stops working ${formatDateTime(at)} (${describeExpiry(at, new Date(now))}).`;
}
