/** Confirm deleting a key, naming it, with SendGrid's warning. Deleting is permanent: `verify` rejects the key from then on. */
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState } from 'react';
import type { FieldError } from '../../main/core/errors.ts';
import type { KeyRecord } from '../../main/core/records.ts';
import { useKeys, useStores } from '../app/stores-context.tsx';
import { FieldMessages } from './field-errors.tsx';
import { WarningIcon } from './icons.tsx';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function DeleteKeyDialog({ apiKey, onClose, onCloseAutoFocus }: Props) {
  const remove = useKeys((state) => state.remove);
  const toasts = useStores().toasts;
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    const result = await remove(apiKey.api_key_id);
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    toasts.getState().show('success', `Deleted “${apiKey.name}”.`);
    onClose();
  }

  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <div className="dialog-backdrop" />
        <AlertDialog.Content className="dialog dialog--narrow" onCloseAutoFocus={onCloseAutoFocus}>
          <div className="dialog__header">
            <AlertDialog.Title className="dialog__title">Delete “<bdi>{apiKey.name}</bdi>”?</AlertDialog.Title>
          </div>
          <div className="dialog__body">
            <AlertDialog.Description asChild>
              <div className="callout callout--danger">
                <WarningIcon />
                <p>
                  Once you delete a key, it can no longer be used to access SendGrid’s services. Make sure you update the API key
                  in any code. Any later call with this key is rejected.
                </p>
              </div>
            </AlertDialog.Description>
            <p className="muted small">
              API Key ID <code>{apiKey.api_key_id}</code>
            </p>
            <FieldMessages id="delete-error" errors={errors} />
          </div>
          <div className="dialog__footer">
            <AlertDialog.Cancel asChild>
              <button type="button" className="button button--ghost">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button type="button" className="button button--danger" aria-disabled={busy} onClick={() => void confirm()}>
              {busy ? 'Deleting…' : 'Delete key'}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
