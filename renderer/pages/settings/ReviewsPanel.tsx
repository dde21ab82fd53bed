/**
 * What access reviews judge keys by: the rotation period and the owners who have left (one email
 * address a line). Saved together: main refuses a bad value naming its field and keeps both.
 */
import { type FormEvent, useEffect, useEffectEvent, useState } from 'react';
import type { FieldError } from '../../../common/errors.ts';
import type { Settings } from '../../../common/settings.ts';
import { useSettings } from '../../app/stores-context.tsx';
import { errorsFor, errorsOutside, FieldMessages } from '../../components/field-errors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { namedErrors, readWholeNumber } from './setting-fields.ts';

const ownersText = (owners: readonly string[]) => owners.join('\n');

export function ReviewsPanel({ settings }: { readonly settings: Settings }) {
  const save = useSettings((state) => state.save);
  const [days, setDays] = useState(String(settings.rotationDays));
  const [owners, setOwners] = useState(ownersText(settings.departedOwners));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const { rotationDays, departedOwners } = settings;
  const showSaved = useEffectEvent(() => {
    setDays(String(rotationDays));
    setOwners(ownersText(departedOwners));
  });
  useEffect(() => showSaved(), [rotationDays, departedOwners]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const read = readWholeNumber('rotationDays', days);
    if (typeof read !== 'number') return setErrors([read]);
    const list = [...new Set(owners.split(/[\s,;]+/).map((o) => o.trim().toLowerCase()).filter(Boolean))];
    const result = await save({ rotationDays: read, departedOwners: list });
    if (!result.ok) return setErrors(namedErrors(result.errors));
    setErrors([]);
    setSaved(true);
  }

  const dayErrors = errorsFor(errors, 'rotationDays');
  const ownerErrors = errors.filter((e) => e.field?.startsWith('departedOwners') === true);
  return (
    <Panel id="review-settings" title="Reviews" intro="What access reviews and their findings judge keys by.">
      <form className="settings-form" aria-label="Review settings" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="setting-rotationDays" className="field__label">
            Rotation period
          </label>
          <span className="inline-field">
            <input
              id="setting-rotationDays"
              className="text-input text-input--short"
              inputMode="numeric"
              autoComplete="off"
              value={days}
              aria-invalid={dayErrors.length > 0}
              aria-describedby={`setting-rotationDays-hint${dayErrors.length > 0 ? ' setting-rotationDays-error' : ''}`}
              onChange={(event) => setDays(event.target.value)}
            />
            <span className="muted">days</span>
          </span>
          <span id="setting-rotationDays-hint" className="field__hint">
            A key whose secret is older than this, since it was made or last rolled, is flagged Not rotated.
          </span>
          <FieldMessages id="setting-rotationDays-error" errors={dayErrors} />
        </div>
        <div className="field">
          <label htmlFor="setting-departedOwners" className="field__label">
            Owners who have left
          </label>
          <textarea
            id="setting-departedOwners"
            className="text-input"
            rows={3}
            value={owners}
            aria-invalid={ownerErrors.length > 0}
            aria-describedby="setting-departedOwners-hint"
            onChange={(event) => setOwners(event.target.value)}
          />
          <span id="setting-departedOwners-hint" className="field__hint">
            One email address a line. Their keys are flagged Owner has left.
          </span>
          <FieldMessages id="setting-departedOwners-error" errors={ownerErrors} />
        </div>
        <FieldMessages id="review-settings-errors" errors={errorsOutside(errors, ['rotationDays']).filter((e) => !ownerErrors.includes(e))} />
        <div className="panel__actions">
          <button type="submit" className="button button--primary">
            Save
          </button>
          <span role="status" className="muted">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
      </form>
    </Panel>
  );
}
