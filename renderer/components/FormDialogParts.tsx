/**
 * The frame of every dialog built on Radix's Dialog: the dialog itself with its backdrop, and in
 * `FormDialog` its one form. The header: its title, what it is about, and a close button.
 * The footer: Cancel, which closes with nothing done, and the form's submit button, which stays
 * focusable while busy (marked disabled) so focus is never lost mid-save.
 */
import * as Dialog from '@radix-ui/react-dialog';
import type { FormEvent, ReactNode } from 'react';
import { CloseIcon } from './icons.tsx';

interface FrameProps {
  readonly size: 'narrow' | 'medium' | 'wide';
  /** Escape, the ×, Cancel or a click outside. */
  readonly onClose: () => void;
  readonly onCloseAutoFocus: (event: Event) => void;
  /** False for a dialog with no description, so Radix does not look for one. */
  readonly described?: boolean;
  /**
   * True while only the dialog's own button may close it (a key shown once): Escape and clicks
   * outside then do nothing, and `onClose` is not called.
   */
  readonly locked?: boolean;
  /** The header, body and footer. */
  readonly children: ReactNode;
}

/** A modal dialog. */
export function DialogFrame({ size, onClose, onCloseAutoFocus, described = true, locked = false, children }: FrameProps) {
  const hold = (event: Event) => locked && event.preventDefault();
  return (
    <Dialog.Root open onOpenChange={(open) => !open && !locked && onClose()}>
      <Dialog.Portal>
        <div className="dialog-backdrop" />
        <Dialog.Content
          className={`dialog dialog--${size}`}
          onEscapeKeyDown={hold}
          onPointerDownOutside={hold}
          onInteractOutside={hold}
          onCloseAutoFocus={onCloseAutoFocus}
          {...(described ? {} : { 'aria-describedby': undefined })}
        >
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A modal dialog holding one form. */
export function FormDialog({ onSubmit, children, ...frame }: Omit<FrameProps, 'locked'> & { readonly onSubmit: (event: FormEvent) => void }) {
  return (
    <DialogFrame {...frame}>
      <form className="dialog__form" onSubmit={onSubmit} noValidate>
        {children}
      </form>
    </DialogFrame>
  );
}

interface HeaderProps {
  readonly title: ReactNode;
  /** Read out as the dialog's description. */
  readonly description?: ReactNode;
  /** A line under the title that is not its description (an ID, say). */
  readonly note?: ReactNode;
}

export function FormDialogHeader({ title, description, note }: HeaderProps) {
  return (
    <div className="dialog__header">
      <div>
        <Dialog.Title className="dialog__title">{title}</Dialog.Title>
        {description && <Dialog.Description className="dialog__subtitle">{description}</Dialog.Description>}
        {note && <p className="dialog__subtitle">{note}</p>}
      </div>
      <DialogCloseButton />
    </div>
  );
}

/** The × of a dialog or side sheet. */
export function DialogCloseButton() {
  return (
    <Dialog.Close asChild>
      <button type="button" className="icon-button" aria-label="Close">
        <CloseIcon />
      </button>
    </Dialog.Close>
  );
}

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
