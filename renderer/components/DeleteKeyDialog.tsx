/** Confirm deleting a key, naming it, with SendGrid's warning. Deleting is permanent: `verify` rejects the key from then on. */
import type { KeyRecord } from '../../common/records.ts';
import { useKeys, useStores } from '../app/stores-context.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { WarningIcon } from './icons.tsx';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function DeleteKeyDialog({ apiKey, onClose, onCloseAutoFocus }: Props) {
  const remove = useKeys((state) => state.remove);
  const toasts = useStores().toasts;
  return (
    <ConfirmDialog
      title={<>Delete “<bdi>{apiKey.name}</bdi>”?</>}
      tone="danger"
      icon={<WarningIcon />}
      warning="Once you delete a key, it can no longer be used to access SendGrid’s services. Make sure you update the API key in any code. Any later call with this key is rejected."
      confirmLabel="Delete key"
      busyLabel="Deleting…"
      errorId="delete-error"
      onConfirm={() => remove(apiKey.api_key_id)}
      onDone={() => toasts.getState().show('success', `Deleted “${apiKey.name}”.`)}
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <p className="muted small">
        API Key ID <code>{apiKey.api_key_id}</code>
      </p>
    </ConfirmDialog>
  );
}
