/** Confirm restoring a backup, saying what happens: the current store is kept aside and the app reopens on the backup. */
import { useApi } from '../../app/stores-context.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { WarningIcon } from '../../components/icons.tsx';
import { formatDateTime } from '../../keys/labels.ts';
import type { BackupInfo, RestoreResult } from '../../../common/app-info.ts';

interface Props {
  readonly backup: BackupInfo;
  readonly onRestored: (result: RestoreResult) => void;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function RestoreBackupDialog({ backup, onRestored, onClose, onCloseAutoFocus }: Props) {
  const api = useApi();
  return (
    <ConfirmDialog
      title="Restore this backup?"
      tone="danger"
      icon={<WarningIcon />}
      warning={`The key store is replaced with the backup taken ${formatDateTime(backup.created_at)} (schema ${backup.schema_version}). Keys and log entries made since then are not in it. The current store is not deleted: it is kept aside in the same folder. Keydesk then closes the store and reopens on the restored one.`}
      confirmLabel="Restore backup"
      busyLabel="Restoring…"
      errorId="restore-error"
      onConfirm={() => api.store.restoreBackup({ name: backup.name })}
      onDone={onRestored}
      onClose={onClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <p className="muted small">
        Backup <code>{backup.name}</code>
      </p>
    </ConfirmDialog>
  );
}
