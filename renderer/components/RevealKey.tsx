/**
 * The one time a key is shown: the full key, Copy (through main, which clears the clipboard after
 * the configured delay), SendGrid's warning, and a confirmation to close. The key arrives as a prop
 * from the create or roll dialog's own state and goes when that dialog closes. Both dialogs sit in
 * one frame, which keeps the dialog open while the key is shown.
 *
 * Every copy of the key goes through main's clearing copy: the key cannot be selected, and a copy
 * (Ctrl+C or the Edit menu) with the key field focused is taken over and sent through main, so
 * the browser never puts the key on the clipboard itself, where nothing would clear it.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { messageOf } from '../../common/errors.ts';
import { useApi, useStores } from '../app/stores-context.tsx';
import { DialogFrame } from './FormDialogParts.tsx';
import { CheckIcon, CopyIcon, WarningIcon } from './icons.tsx';
import { useDiscardGuard } from './DiscardGuard.tsx';
import type { CreatedKey } from '../../common/key-results.ts';

interface Props {
  readonly created: CreatedKey;
  readonly onStored: () => void;
  readonly title?: string;
  /** What else to know about this key (a rolled key: when the previous one stops working). */
  readonly children?: ReactNode;
}

export function RevealKey({ created, onStored, title = 'API key created', children }: Props) {
  const api = useApi();
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const copyRef = useRef<HTMLButtonElement>(null);
  const keyRef = useRef<HTMLDivElement>(null);

  // The step replaces the form inside the same dialog: put focus on the first thing to do.
  useEffect(() => copyRef.current?.focus(), []);

  const copy = useCallback(async () => {
    const result = await api.clipboard.copySecret({ text: created.api_key });
    if (!result.ok) setCopyNote(`Could not copy: ${messageOf(result, '; ')}`);
    else {
      const seconds = result.data.clearsAfterSeconds;
      setCopyNote(seconds > 0 ? `Copied. The clipboard clears in ${seconds} s.` : 'Copied. The clipboard is not cleared automatically.');
    }
  }, [api, created.api_key]);

  // A copy or cut with the key field focused never lets the browser write the clipboard: main's
  // clearing copy does it instead. (A selection elsewhere cannot hold the key: it is unselectable.)
  useEffect(() => {
    const takeOver = (event: ClipboardEvent) => {
      if (keyRef.current === null || document.activeElement !== keyRef.current) return;
      event.preventDefault();
      void copy();
    };
    document.addEventListener('copy', takeOver, true);
    document.addEventListener('cut', takeOver, true);
    return () => {
      document.removeEventListener('copy', takeOver, true);
      document.removeEventListener('cut', takeOver, true);
    };
  }, [copy]);

  return (
    <>
      <div className="dialog__header">
        <div>
          <Dialog.Title className="dialog__title">{title}</Dialog.Title>
          <Dialog.Description className="dialog__subtitle">
            “{created.name}”, API Key ID <code>{created.api_key_id}</code>
          </Dialog.Description>
        </div>
      </div>
      <div className="dialog__body">
        <div className="callout callout--warning" role="note">
          <WarningIcon />
          <p>
            <strong>You will only be shown your API key one time.</strong> Please store it somewhere safe as we will not be able
            to retrieve or restore it.
          </p>
        </div>
        {children}
        <div className="secret">
          {/* A read-only field rather than <output>, which is a live region that would announce the key. */}
          <div ref={keyRef} className="secret__value" role="textbox" aria-readonly="true" aria-label="New API key" tabIndex={0}>
            {created.api_key}
          </div>
          <button ref={copyRef} type="button" className="button button--secondary" onClick={() => void copy()}>
            {copyNote?.startsWith('Copied') ? <CheckIcon /> : <CopyIcon />}
            Copy
          </button>
        </div>
        <p className="muted small" role="status">
          {copyNote ?? 'Do not put the key in your code or commit it: keep it in a secret store.'}
        </p>
      </div>
      <div className="dialog__footer">
        <button type="button" className="button button--primary" onClick={onStored}>
          I've stored it
        </button>
      </div>
    </>
  );
}

interface DialogProps {
  /** The key to show once, or null while the form is open. */
  readonly revealed: CreatedKey | null;
  /** The reveal's title (default: "API key created"). */
  readonly title?: string;
  /** What else to know about the revealed key, under it. */
  readonly details?: ReactNode;
  /** The notice once the user has stored the key. */
  readonly storedNotice: (key: CreatedKey) => string;
  /** The form's width (the reveal is always medium). */
  readonly formSize: 'medium' | 'wide';
  /** False where the form has no Dialog.Description (the reveal has one). */
  readonly formDescribed?: boolean;
  readonly onClose: () => void;
  /** Where focus goes once the dialog is gone. */
  readonly onCloseAutoFocus: (event: Event) => void;
  /** The form, shown until a key is revealed. */
  readonly children: ReactNode;
}

/** A dialog whose form ends by showing a key once, in the same dialog (create, roll). */
export function RevealKeyDialog({ revealed, title, details, storedNotice, formSize, formDescribed = true, onClose, onCloseAutoFocus, children }: DialogProps) {
  const toasts = useStores().toasts;
  const revealing = revealed !== null;
  const guard = useDiscardGuard(onClose);

  function stored(key: CreatedKey) {
    toasts.getState().show('success', storedNotice(key));
    onClose();
  }

  return (
    // While the key is shown, only "I've stored it" closes: Escape or a stray click must not lose it.
    <DialogFrame
      size={revealing ? 'medium' : formSize}
      locked={revealing}
      described={revealing || formDescribed}
      onClose={guard.requestClose}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {revealed ? (
        <RevealKey created={revealed} onStored={() => stored(revealed)} {...(title !== undefined && { title })}>
          {details}
        </RevealKey>
      ) : (
        guard.wrap(children)
      )}
    </DialogFrame>
  );
}
