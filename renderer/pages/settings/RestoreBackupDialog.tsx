/** Confirm restoring a backup, saying what happens: the current store is kept aside and the app reopens on the backup. */
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState } from 'react';
import type { FieldError } from '../../../main/core/errors.ts';
import type { BackupInfo, RestoreResult } from '../../../preload/contract.ts';
import { useApi } from '../../app/stores-context.tsx';
import { FieldMessages } from '../../components/field-errors.tsx';
import { WarningIcon } from '../../components/icons.tsx';
import { formatDateTime } from '../../keys/labels.ts';

interface Props {
  readonly backup: BackupInfo;
  readonly onRestored: (result: RestoreResult) => void;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function RestoreBackupDialog({ backup, onRestored, onClose, onCloseAutoFocus }: Props) {
  const api = useApi();
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    const result = await api.store.restoreBackup({ name: backup.name });
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    onRestored(result.data);
  }

  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <div className="dialog-backdrop" />
        <AlertDialog.Content className="dialog dialog--narrow" onCloseAutoFocus={onCloseAutoFocus}>
          <div className="dialog__header">
            <AlertDialog.Title className="dialog__title">Restore this backup?</AlertDialog.Title>
          </div>
          <div className="dialog__body">
            <AlertDialog.Description asChild>
              <div className="callout callout--warning">
                <WarningIcon />
                <p>
                  The key store is replaced with the backup taken {formatDateTime(backup.created_at)} (schema {backup.schema_version}). Keys and log
                  entries made since then are not in it. The current store is not deleted: it is kept aside in the same folder. Keydesk then
                  closes the store and reopens on the restored one.
                </p>
              </div>
            </AlertDialog.Description>
            <p className="muted small">
              Backup <code>{backup.name}</code>
            </p>
            <FieldMessages id="restore-error" errors={errors} />
          </div>
          <div className="dialog__footer">
            <AlertDialog.Cancel asChild>
              <button type="button" className="button button--ghost">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button type="button" className="button button--danger" aria-disabled={busy} onClick={() => void confirm()}>
              {busy ? 'Restoring…' : 'Restore backup'}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
