/** Set or remove one key's expiry, within the account's maximum-lifetime policy. */
import { useState, type FormEvent } from 'react';
import type { FieldError } from '../../common/errors.ts';
import { describeExpiry } from '../../common/lifecycle.ts';
import type { KeyRecord } from '../../common/records.ts';
import { useAccount, useKeys, useStores } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import { defaultChoice, expiryOf, type ExpiryChoice } from '../keys/expiry-choice.ts';
import { formatDateTime } from '../keys/labels.ts';
import { ExpiryField } from './ExpiryField.tsx';
import { errorsOutside, FieldMessages } from './field-errors.tsx';
import { FormDialog, FormDialogFooter, FormDialogHeader } from './FormDialogParts.tsx';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function SetExpiryDialog({ apiKey, onClose, onCloseAutoFocus }: Props) {
  const setExpiry = useKeys((state) => state.setExpiry);
  const policyDays = useAccount((state) => state.summary?.max_key_lifetime_days ?? null);
  const toasts = useStores().toasts;
  const now = useNow(apiKey);
  const [choice, setChoice] = useState<ExpiryChoice>(() => defaultChoice(policyDays, false));
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const expiresAt = expiryOf(choice, Date.now());
    if (expiresAt === undefined) return setErrors([{ field: 'expires_at', message: 'choose the date the key expires' }]);
    setBusy(true);
    const result = await setExpiry(apiKey.api_key_id, expiresAt);
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    const at = result.data.expires_at;
    toasts.getState().show('success', at ? `“${apiKey.name}” ${describeExpiry(at, new Date())}.` : `“${apiKey.name}” no longer expires.`);
    onClose();
  }

  return (
    <FormDialog size="medium" onClose={onClose} onCloseAutoFocus={onCloseAutoFocus} onSubmit={(event) => void submit(event)}>
      <FormDialogHeader
        title={<>Set the expiry of “<bdi>{apiKey.name}</bdi>”</>}
        description={
          <>
            {apiKey.expires_at
            ? `Now it ${describeExpiry(apiKey.expires_at, new Date(now))} (${formatDateTime(apiKey.expires_at)}).`
            : 'Now it never expires.'}{' '}
            After its expiry, every call with the key is rejected.
          </>
        }
      />
      <div className="dialog__body">
        <FieldMessages id="expiry-form-errors" errors={errorsOutside(errors, ['expires_at'])} />
        <ExpiryField choice={choice} onChoice={setChoice} policyDays={policyDays} now={now} errors={errors} label="New expiry" />
      </div>
      <FormDialogFooter label="Save expiry" busyLabel="Saving…" busy={busy} />
    </FormDialog>
  );
}
