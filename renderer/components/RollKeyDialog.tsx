/**
 * Roll a key: choose how long the current secret keeps working (now, 1 hour, 24 hours, 7 days),
 * then the new key is shown once, in the same reveal as a created key, with the moment the old one
 * stops working. The rolled key lives in this dialog's own state and goes when it closes.
 */
import { useState, type FormEvent } from 'react';
import type { FieldError } from '../../common/errors.ts';
import { describeExpiry } from '../../common/lifecycle.ts';
import type { KeyRecord } from '../../common/records.ts';
import { useKeys } from '../app/stores-context.tsx';
import { formatDateTime } from '../keys/labels.ts';
import { GRACE_HINT, GRACE_LABEL, GRACE_ORDER } from '../keys/lifecycle-labels.ts';
import { ChoiceGroup } from './ChoiceGroup.tsx';
import { FieldMessages } from './field-errors.tsx';
import { ClockIcon } from './icons.tsx';
import { RevealKeyDialog } from './RevealKey.tsx';
import { FormDialogFooter, FormDialogHeader } from './FormDialogParts.tsx';
import type { GraceChoice } from '../../common/lifecycle.ts';
import type { RolledKey } from '../../common/key-results.ts';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function RollKeyDialog({ apiKey, onClose, onCloseAutoFocus }: Props) {
  const [rolled, setRolled] = useState<RolledKey | null>(null);
  return (
    <RevealKeyDialog
      revealed={rolled}
      title="API key rolled"
      details={rolled && <GraceNote rolled={rolled} />}
      storedNotice={(key) => `Rolled “${key.name}”.`}
      formSize="medium"
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <RollForm apiKey={apiKey} onRolled={setRolled} />
    </RevealKeyDialog>
  );
}

function GraceNote({ rolled }: { readonly rolled: RolledKey }) {
  const ends = rolled.previous_secret_retires_at;
  const now = new Date();
  return (
    <div className="callout" role="note">
      <ClockIcon />
      <p>
        {Date.parse(ends) > now.getTime() ? (
          <>
            <strong>The previous key keeps working until {formatDateTime(ends)}</strong> ({describeExpiry(ends, now).replace(/^expires /, '')}
            ), then every call with it is rejected. Put the new key in place before then.
          </>
        ) : (
          <strong>The previous key stopped working when you rolled it.</strong>
        )}
      </p>
    </div>
  );
}

function RollForm({ apiKey, onRolled }: { readonly apiKey: KeyRecord; readonly onRolled: (key: RolledKey) => void }) {
  const roll = useKeys((state) => state.roll);
  const [grace, setGrace] = useState<GraceChoice>('24h');
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await roll(apiKey.api_key_id, grace);
    setBusy(false);
    if (result.ok) return onRolled(result.data);
    setErrors(result.errors);
  }

  return (
    <form className="dialog__form" onSubmit={(event) => void submit(event)} noValidate>
      <FormDialogHeader
        title={<>Roll “<bdi>{apiKey.name}</bdi>”</>}
        description="A new secret for the same key: its name, API Key ID and permissions stay. The new key is shown once."
      />
      <div className="dialog__body">
        <ChoiceGroup
          legend="When should the current key stop working?"
          className="grace-options"
          idPrefix="grace"
          choices={GRACE_ORDER}
          value={grace}
          onValue={setGrace}
          title={(choice) => (choice === 'now' ? 'Now' : `In ${GRACE_LABEL[choice]}`)}
          hint={(choice) => GRACE_HINT[choice]}
        />
        <FieldMessages id="roll-error" errors={errors} />
      </div>
      <FormDialogFooter label="Roll key" busyLabel="Rolling…" busy={busy} />
    </form>
  );
}
