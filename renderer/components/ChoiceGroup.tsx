/**
 * A field that is a radio group of cards under its legend, each card a title over a hint (the
 * access type of a key, how long a rolled secret keeps working). Radix's RadioGroup moves between
 * choices with the arrow keys.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import type { ReactNode } from 'react';

interface Props<T extends string> {
  readonly legend: ReactNode;
  readonly className: string;
  /** Starts the ids: `<prefix>-label` (the legend), `<prefix>-title-<choice>`, `<prefix>-hint-<choice>`. */
  readonly idPrefix: string;
  readonly choices: readonly T[];
  readonly value: T;
  readonly onValue: (value: T) => void;
  readonly title: (choice: T) => ReactNode;
  readonly hint: (choice: T) => ReactNode;
}

export function ChoiceGroup<T extends string>({ legend, className, idPrefix, choices, value, onValue, title, hint }: Props<T>) {
  return (
    <fieldset className="field">
      <legend className="field__label" id={`${idPrefix}-label`}>
        {legend}
      </legend>
      <RadioGroup.Root className={className} aria-labelledby={`${idPrefix}-label`} value={value} onValueChange={(chosen) => onValue(chosen as T)}>
        {choices.map((choice) => (
          <RadioGroup.Item
            key={choice}
            value={choice}
            className="access-option"
            aria-labelledby={`${idPrefix}-title-${choice}`}
            aria-describedby={`${idPrefix}-hint-${choice}`}
          >
            <span className="access-option__dot" aria-hidden="true" />
            <span className="access-option__text">
              <span className="access-option__title" id={`${idPrefix}-title-${choice}`}>
                {title(choice)}
              </span>
              <span className="access-option__hint" id={`${idPrefix}-hint-${choice}`}>
                {hint(choice)}
              </span>
            </span>
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
    </fieldset>
  );
}
