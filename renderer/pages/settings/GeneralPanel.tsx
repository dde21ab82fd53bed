/**
 * General settings, each saved as soon as it is changed (one model for the whole page): the theme
 * (the same setting as the top bar's menu), the clipboard clear delay and the audit thresholds
 * (saved on Enter or on leaving the field; main refuses a bad value naming its field and keeps
 * the one saved), and the default export folder, chosen in main's native dialog.
 */
import { PathText } from '../../components/PathText.tsx';
import * as RadioGroup from '@radix-ui/react-radio-group';
import { useEffect, useEffectEvent, useState } from 'react';
import type { FieldError } from '../../../common/errors.ts';
import type { Settings } from '../../../common/settings.ts';
import { useSettings } from '../../app/stores-context.tsx';
import { errorsFor, FieldMessages } from '../../components/field-errors.tsx';
import { THEME_LABEL, THEMES, useChooseTheme } from '../../components/ThemeMenu.tsx';
import { FIELD_LABEL, namedErrors, readWholeNumber } from './setting-fields.ts';
import { Panel } from '../../components/Panel.tsx';


type NumberField = 'clipboardClearSeconds' | 'unusedKeyDays' | 'maxKeyAgeDays';

const NUMBER_FIELDS: readonly { readonly field: NumberField; readonly unit: string; readonly hint: string }[] = [
  { field: 'clipboardClearSeconds', unit: 'seconds', hint: 'After a key is copied, the clipboard is cleared if it still holds it. 0 never clears it.' },
  { field: 'unusedKeyDays', unit: 'days', hint: 'The audit flags keys not used for this long.' },
  { field: 'maxKeyAgeDays', unit: 'days', hint: 'The audit flags keys older than this.' },
];

const textsOf = (settings: Settings): Record<NumberField, string> => ({
  clipboardClearSeconds: String(settings.clipboardClearSeconds),
  unusedKeyDays: String(settings.unusedKeyDays),
  maxKeyAgeDays: String(settings.maxKeyAgeDays),
});

export function GeneralPanel({ settings }: { readonly settings: Settings }) {
  const { save, chooseExportFolder } = useSettings((state) => state);
  const chooseTheme = useChooseTheme();
  const [texts, setTexts] = useState(() => textsOf(settings));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [folderErrors, setFolderErrors] = useState<readonly FieldError[]>([]);
  const [saved, setSaved] = useState<NumberField | null>(null);

  // What main holds changed (saved here, or the file was repaired): show it, unless being edited.
  const { clipboardClearSeconds, unusedKeyDays, maxKeyAgeDays } = settings;
  const showSaved = useEffectEvent(() => setTexts((current) => ({ ...textsOf(settings), ...editing(current) })));
  useEffect(() => showSaved(), [clipboardClearSeconds, unusedKeyDays, maxKeyAgeDays]);
  /** Fields whose text is refused: what the user typed stays there to fix. */
  const editing = (current: Record<NumberField, string>) =>
    Object.fromEntries(NUMBER_FIELDS.filter(({ field }) => errorsFor(errors, field).length > 0).map(({ field }) => [field, current[field]]));

  /** Like every other setting, a number is saved as soon as it is entered (Enter, or leaving the field). */
  async function commit(field: NumberField) {
    if (texts[field] === String(settings[field]) && errorsFor(errors, field).length === 0) return;
    const value = readWholeNumber(field, texts[field]);
    const others = errors.filter((error) => error.field !== field);
    if (typeof value !== 'number') return setErrors([...others, value]);
    const result = await save({ [field]: value });
    if (!result.ok) return setErrors([...others, ...namedErrors(result.errors)]);
    setErrors(others);
    setSaved(field);
  }

  async function chooseFolder() {
    const result = await chooseExportFolder();
    setFolderErrors(result.ok ? [] : namedErrors(result.errors));
  }
  async function resetToDocuments() {
    if (settings.defaultExportFolder === null) return;
    const result = await save({ defaultExportFolder: null });
    setFolderErrors(result.ok ? [] : namedErrors(result.errors));
  }

  return (
    <Panel id="general" title="General">
      <p className="muted small">Every setting is saved as soon as you change it.</p>
      <div className="field">
        <span id="theme-label" className="field__label">
          Theme
        </span>
        <RadioGroup.Root
          className="segmented settings-theme"
          aria-labelledby="theme-label"
          orientation="horizontal"
          value={settings.theme}
          onValueChange={(value) => void chooseTheme(value)}
        >
          {THEMES.map((theme) => (
            <RadioGroup.Item key={theme} value={theme} className="segmented__item">
              {THEME_LABEL[theme]}
            </RadioGroup.Item>
          ))}
        </RadioGroup.Root>
        <span className="field__hint">System follows your computer's light or dark appearance.</span>
      </div>

      {NUMBER_FIELDS.map(({ field, unit, hint }) => {
        const own = errorsFor(errors, field);
        return (
          <div className="field" key={field}>
            <label htmlFor={`setting-${field}`} className="field__label">
              {FIELD_LABEL[field]}
            </label>
            <span className="inline-field">
              <input
                id={`setting-${field}`}
                className="text-input text-input--short"
                inputMode="numeric"
                autoComplete="off"
                value={texts[field]}
                aria-invalid={own.length > 0}
                aria-describedby={`setting-${field}-hint${own.length > 0 ? ` setting-${field}-error` : ''}`}
                onChange={(event) => {
                  setSaved(null);
                  setTexts((current) => ({ ...current, [field]: event.target.value }));
                }}
                onBlur={() => void commit(field)}
                onKeyDown={(event) => event.key === 'Enter' && void commit(field)}
              />
              <span className="muted">{unit}</span>
              <span role="status" className="muted small">
                {saved === field ? 'Saved.' : ''}
              </span>
            </span>
            <span id={`setting-${field}-hint`} className="field__hint">
              {hint}
            </span>
            <FieldMessages id={`setting-${field}-error`} errors={own} />
          </div>
        );
      })}

      <div className="field">
        <span className="field__label">
          {FIELD_LABEL.defaultExportFolder}
        </span>
        <p>
          {settings.defaultExportFolder === null ? (
            <span>Documents (your system's default)</span>
          ) : (
            <PathText path={settings.defaultExportFolder} />
          )}
        </p>
        <span className="field__hint">Where the export, import and compare dialogs open.</span>
        <div className="panel__actions">
          <button type="button" className="button button--secondary" onClick={() => void chooseFolder()}>
            Choose…
          </button>
          <button type="button" className="button button--ghost" aria-disabled={settings.defaultExportFolder === null} onClick={() => void resetToDocuments()}>
            Use Documents
          </button>
        </div>
        <FieldMessages id="export-folder-errors" errors={folderErrors} />
      </div>
    </Panel>
  );
}
