/**
 * The one time a key is shown: the full key, Copy (through main, which clears the clipboard after
 * the configured delay), SendGrid's warning, and a confirmation to close. The key arrives as a prop
 * from the create or roll dialog's own state and goes when that dialog closes.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { messageOf } from '../../common/errors.ts';
import { useApi } from '../app/stores-context.tsx';
import { CheckIcon, CopyIcon, WarningIcon } from './icons.tsx';
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

  // The step replaces the form inside the same dialog: put focus on the first thing to do.
  useEffect(() => copyRef.current?.focus(), []);

  async function copy() {
    const result = await api.clipboard.copySecret({ text: created.api_key });
    if (!result.ok) setCopyNote(`Could not copy: ${messageOf(result, '; ')}`);
    else {
      const seconds = result.data.clearsAfterSeconds;
      setCopyNote(seconds > 0 ? `Copied. The clipboard clears in ${seconds} s.` : 'Copied. The clipboard is not cleared automatically.');
    }
  }

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
          <div className="secret__value" role="textbox" aria-readonly="true" aria-label="New API key" tabIndex={0}>
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
