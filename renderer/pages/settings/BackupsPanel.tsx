/**
 * Backups of the key store: Keydesk takes one automatically before every upgrade of the store's
 * format. Each can be restored, after a confirmation that says what happens: the current store is
 * kept aside, never deleted, and the app reopens on the restored one.
 */
import { PathText } from '../../components/PathText.tsx';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldError } from '../../../common/errors.ts';
import { useApi } from '../../app/stores-context.tsx';
import { plural } from '../../audit/labels.ts';
import { FieldMessages } from '../../components/field-errors.tsx';
import { CheckIcon } from '../../components/icons.tsx';
import { formatDateTime } from '../../keys/labels.ts';
import { RestoreBackupDialog } from './RestoreBackupDialog.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { BackupInfo, RestoreResult } from '../../../common/app-info.ts';

function kilobytes(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString()} KB`;
}

export function BackupsPanel({ onDialog }: { readonly onDialog: (open: boolean) => void }) {
  const api = useApi();
  const [backups, setBackups] = useState<readonly BackupInfo[] | null>(null);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  const load = useCallback(async () => {
    const result = await api.store.backups();
    if (result.ok) setBackups(result.data);
    setErrors(result.ok ? [] : result.errors);
  }, [api]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    onDialog(restoring !== null);
    return () => onDialog(false);
  }, [restoring, onDialog]);

  return (
    <Panel
      id="backups"
      title="Backups"
      intro={
        <>
          Before every upgrade of the key store's format, Keydesk copies the store beside it. Restoring one replaces the current store, which is kept aside
          in the same folder, never deleted.
        </>
      }
    >
      {backups !== null && backups.length === 0 && <p className="muted">No backups yet: none has been needed.</p>}
      {backups !== null && backups.length > 0 && (
        <div className="result-table">
          <table aria-label="Backups, newest first">
            <thead>
              <tr>
                <th scope="col">Backup</th>
                <th scope="col">Schema</th>
                <th scope="col">Taken</th>
                <th scope="col">Size</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.name}>
                  <td>
                    <PathText path={backup.name} />
                  </td>
                  <td>{backup.schema_version}</td>
                  <td>
                    <time dateTime={backup.created_at}>{formatDateTime(backup.created_at)}</time>
                  </td>
                  <td title={plural(backup.bytes, 'byte')}>{kilobytes(backup.bytes)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={`Restore ${backup.name}`}
                      onClick={(event) => {
                        opener.current = event.currentTarget;
                        setRestoring(backup);
                      }}
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FieldMessages id="backups-errors" errors={errors} />
      <div className="panel__result" role="status">
        {restored && (
          <div className="result">
            <CheckIcon />
            <div>
              <p>
                Restored from <PathText path={restored.restored_from} />. Keydesk is reopening the store.
              </p>
              {restored.replaced_file && (
                <p className="result__detail">
                  The store it replaced was kept as <PathText path={restored.replaced_file} />
                </p>
              )}
            </div>
          </div>
        )}
      </div>
      {restoring && (
        <RestoreBackupDialog
          backup={restoring}
          onRestored={(result) => {
            setRestored(result);
            setRestoring(null);
          }}
          onClose={() => setRestoring(null)}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener.current?.isConnected) opener.current.focus();
          }}
        />
      )}
    </Panel>
  );
}
