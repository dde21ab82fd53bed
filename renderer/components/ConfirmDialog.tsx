/**
 * The confirmation every irreversible or disruptive action asks for: an alert dialog naming what
 * is at stake, a callout saying what happens, room for details, main's errors, Cancel and the
 * action. Radix's AlertDialog traps focus, and Escape or Cancel closes it with nothing done. Its
 * frame (`AlertDialogFrame`) is every alert dialog's.
 */
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState, type ReactNode } from 'react';
import type { FieldError } from '../../common/errors.ts';
import type { Result } from '../../common/ipc/contract.ts';
import { FieldMessages } from './field-errors.tsx';

interface Props<T> {
  readonly title: ReactNode;
  /** What the action does, in the callout (read out as the dialog's description). */
  readonly warning: ReactNode;
  readonly icon: ReactNode;
  /** Danger for what cannot be undone; warning for what can. */
  readonly tone: 'danger' | 'warning';
  /** Details below the callout (the API Key ID, a tick box). */
  readonly children?: ReactNode;
  readonly confirmLabel: string;
  readonly busyLabel: string;
  /** Why the action cannot be confirmed yet, or null (the button stays focusable, marked disabled). */
  readonly blocked?: boolean;
  /** Where main's errors are shown: an id unique on the page. */
  readonly errorId: string;
  readonly onConfirm: () => Promise<Result<T>>;
  /** Runs after a successful action, before the dialog closes (a notice, say). */
  readonly onDone: (data: T) => void;
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
}

export function ConfirmDialog<T>({ title, warning, icon, tone, children, confirmLabel, busyLabel, blocked = false, errorId, onConfirm, onDone, onClose, onCloseAutoFocus }: Props<T>) {
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (busy || blocked) return;
    setBusy(true);
    const result = await onConfirm();
    setBusy(false);
    if (!result.ok) return setErrors(result.errors);
    onDone(result.data);
    onClose();
  }

  return (
    <AlertDialogFrame size="narrow" onClose={onClose} onCloseAutoFocus={onCloseAutoFocus}>
      <div className="dialog__header">
        <AlertDialog.Title className="dialog__title">{title}</AlertDialog.Title>
      </div>
      <div className="dialog__body">
        <AlertDialog.Description asChild>
          <div className={`callout callout--${tone}`}>
            {icon}
            <p>{warning}</p>
          </div>
        </AlertDialog.Description>
        {children}
        <FieldMessages id={errorId} errors={errors} />
      </div>
      <div className="dialog__footer">
        <AlertCancelButton />
        <button
          type="button"
          className={tone === 'danger' ? 'button button--danger' : 'button button--primary'}
          aria-disabled={busy || blocked}
          onClick={() => void confirm()}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </AlertDialogFrame>
  );
}

/** An alert dialog's Cancel: closes it with nothing done. */
export function AlertCancelButton() {
  return (
    <AlertDialog.Cancel asChild>
      <button type="button" className="button button--ghost">
        Cancel
      </button>
    </AlertDialog.Cancel>
  );
}

interface FrameProps {
  readonly size: 'narrow' | 'medium';
  /** Escape, Cancel or the dialog's own close. */
  readonly onClose: () => void;
  readonly onCloseAutoFocus?: (event: Event) => void;
  /** Over another dialog (the discard question over its form): backdrop and dialog above it. */
  readonly stacked?: boolean;
  /** The header, body and footer. */
  readonly children: ReactNode;
}

/** The frame of every alert dialog: the dialog and its backdrop. */
export function AlertDialogFrame({ size, onClose, onCloseAutoFocus, stacked = false, children }: FrameProps) {
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <div className={stacked ? 'dialog-backdrop dialog-backdrop--stacked' : 'dialog-backdrop'} />
        <AlertDialog.Content className={`dialog dialog--${size}${stacked ? ' dialog--stacked' : ''}`} {...(onCloseAutoFocus && { onCloseAutoFocus })}>
          {children}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
