/** Confirm disabling a key, naming it. Unlike delete it can be undone: Enable in the row menu makes the key work again. */
import type { KeyRecord } from '../../common/records.ts';
import { useKeys, useStores } from '../app/stores-context.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { PauseIcon } from './icons.tsx';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function DisableKeyDialog({ apiKey, onClose, onCloseAutoFocus }: Props) {
  const disable = useKeys((state) => state.disable);
  const toasts = useStores().toasts;
  return (
    <ConfirmDialog
      title={<>Disable “<bdi>{apiKey.name}</bdi>”?</>}
      tone="warning"
      icon={<PauseIcon />}
      warning="Every call with this key is rejected until you enable it again. Unlike deleting, this can be undone: the key, its permissions and its secret stay as they are."
      confirmLabel="Disable key"
      busyLabel="Disabling…"
      errorId="disable-error"
      onConfirm={() => disable(apiKey.api_key_id)}
      onDone={() => toasts.getState().show('success', `Disabled “${apiKey.name}”. Enable it from its menu to make it work again.`)}
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <p className="muted small">
        API Key ID <code>{apiKey.api_key_id}</code>
      </p>
    </ConfirmDialog>
  );
}
