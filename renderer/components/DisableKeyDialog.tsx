/** Confirm disabling a key, naming it. Unlike delete it can be undone: Enable in the row menu makes the key work again. */
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState } from 'react';
import type { FieldError } from '../../main/core/errors.ts';
import type { KeyRecord } from '../../main/core/records.ts';
import { useKeys, useStores } from '../app/stores-context.tsx';
import { FieldMessages } from './field-errors.tsx';
import { PauseIcon } from './icons.tsx';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function DisableKeyDialog({ apiKey, onClose, onCloseAutoFocus }: Props) {
  const disable = useKeys((state) => state.disable);
  const toasts = useStores().toasts;
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    const result = await disable(apiKey.api_key_id);
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    toasts.getState().show('success', `Disabled “${apiKey.name}”. Enable it from its menu to make it work again.`);
    onClose();
  }

  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <div className="dialog-backdrop" />
        <AlertDialog.Content className="dialog dialog--narrow" onCloseAutoFocus={onCloseAutoFocus}>
          <div className="dialog__header">
            <AlertDialog.Title className="dialog__title">Disable “<bdi>{apiKey.name}</bdi>”?</AlertDialog.Title>
          </div>
          <div className="dialog__body">
            <AlertDialog.Description asChild>
              <div className="callout callout--warning">
                <PauseIcon />
                <p>
                  Every call with this key is rejected until you enable it again. Unlike deleting, this can be undone: the key,
                  its permissions and its secret stay as they are.
                </p>
              </div>
            </AlertDialog.Description>
            <p className="muted small">
              API Key ID <code>{apiKey.api_key_id}</code>
            </p>
            <FieldMessages id="disable-error" errors={errors} />
          </div>
          <div className="dialog__footer">
            <AlertDialog.Cancel asChild>
              <button type="button" className="button button--ghost">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button type="button" className="button button--primary" aria-disabled={busy} onClick={() => void confirm()}>
              {busy ? 'Disabling…' : 'Disable key'}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
