/**
 * The footer of every form dialog: Cancel, which closes with nothing done, and the form's submit
 * button, which stays focusable while busy (marked disabled) so focus is never lost mid-save.
 */
import * as Dialog from '@radix-ui/react-dialog';

interface Props {
  readonly label: string;
  readonly busyLabel: string;
  readonly busy: boolean;
  /** Danger for a submit that cannot be undone. */
  readonly tone?: 'primary' | 'danger';
  /** False where the submit is the only way on (a dialog that reports what was done). */
  readonly cancel?: boolean;
}

export function FormDialogFooter({ label, busyLabel, busy, tone = 'primary', cancel = true }: Props) {
  return (
    <div className="dialog__footer">
      {cancel && (
        <Dialog.Close asChild>
          <button type="button" className="button button--ghost">
            Cancel
          </button>
        </Dialog.Close>
      )}
      <button type="submit" className={`button button--${tone}`} aria-disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
