/**
 * Create an API key, then show it once. The created key (the only value that carries a secret)
 * lives in this dialog's own state: the parent mounts the dialog while it is open and unmounts it
 * on close, so React drops the state and the DOM that showed the secret with it.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState, type FormEvent } from 'react';
import type { AccessType } from '../../common/catalog.ts';
import type { FieldError } from '../../common/errors.ts';
import type { Catalog } from '../../common/ipc/contract.ts';
import { useAccount, useKeys, useStores } from '../app/stores-context.tsx';
import { useNow } from '../app/use-now.ts';
import { defaultChoice, expiryOf, type ExpiryChoice } from '../keys/expiry-choice.ts';
import { usePermissionDraft } from '../permissions/use-permission-draft.ts';
import { ExpiryField } from './ExpiryField.tsx';
import { errorsOutside, FieldMessages } from './field-errors.tsx';
import { FORM_FIELDS, KeyForm, scopesOfForm } from './KeyForm.tsx';
import { RevealKey } from './RevealKey.tsx';
import { FormDialogFooter, FormDialogHeader } from './FormDialogParts.tsx';
import type { CreatedKey } from '../../common/key-results.ts';

interface Props {
  readonly catalog: Catalog;
  readonly onClose: () => void;
  /** Where focus goes once the dialog is gone. */
  readonly onCloseAutoFocus: (event: Event) => void;
}

/**
 * The 100-key limit is not checked here: the page does not open this dialog at the limit, and if
 * another client takes the last slot while it is open, main refuses with SendGrid's message.
 */
export function CreateKeyDialog({ catalog, onClose, onCloseAutoFocus }: Props) {
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const toasts = useStores().toasts;

  function close() {
    if (created) toasts.getState().show('success', `Created “${created.name}”.`);
    onClose();
  }

  return (
    <Dialog.Root open onOpenChange={(open) => !open && !created && onClose()}>
      <Dialog.Portal>
        <div className="dialog-backdrop" />
        <Dialog.Content
          className={`dialog ${created ? 'dialog--medium' : 'dialog--wide'}`}
          // While the key is shown, only "I've stored it" closes: Escape or a stray click must not lose it.
          onEscapeKeyDown={(event) => created && event.preventDefault()}
          onPointerDownOutside={(event) => created && event.preventDefault()}
          onInteractOutside={(event) => created && event.preventDefault()}
          onCloseAutoFocus={onCloseAutoFocus}
          // The form has no description; the reveal step has one (its Dialog.Description).
          {...(created ? {} : { 'aria-describedby': undefined })}
        >
          {created ? <RevealKey created={created} onStored={close} /> : <CreateForm catalog={catalog} onCreated={setCreated} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function CreateForm({ catalog, onCreated }: { readonly catalog: Catalog; readonly onCreated: (key: CreatedKey) => void }) {
  const create = useKeys((state) => state.create);
  const policyDays = useAccount((state) => state.summary?.max_key_lifetime_days ?? null);
  const now = useNow();
  const [expiry, setExpiry] = useState<ExpiryChoice>(() => defaultChoice(policyDays, false));
  const [name, setName] = useState('');
  const [access, setAccess] = useState<AccessType>('full');
  const restricted = usePermissionDraft(catalog.categories, [], {});
  const billing = usePermissionDraft(catalog.categories, catalog.billing_scopes, { billing: 'full' });
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const scopes = access === 'full' ? undefined : scopesOfForm(catalog, access, restricted, billing);
    const expiresAt = expiryOf(expiry, Date.now());
    if (expiresAt === undefined) {
      setBusy(false);
      return setErrors([{ field: 'expires_at', message: 'choose the date the key expires' }]);
    }
    const result = await create({ name, ...(scopes && { scopes }), ...(expiresAt !== null && { expires_at: expiresAt }) });
    setBusy(false);
    if (result.ok) return onCreated(result.data);
    setErrors(result.errors);
    if (result.errors.some((error) => error.field === 'name')) nameRef.current?.focus();
  }

  return (
    <form className="dialog__form" onSubmit={(event) => void submit(event)} noValidate>
      <FormDialogHeader title="Create API key" />
      <div className="dialog__body">
        {/* Errors that name no field of this form (the key limit, a key deleted meanwhile). */}
        <FieldMessages id="form-errors" errors={errorsOutside(errors, FORM_FIELDS)} />
        <KeyForm
          catalog={catalog}
          name={name}
          onName={setName}
          access={access}
          onAccess={setAccess}
          restricted={restricted}
          billing={billing}
          errors={errors}
          nameRef={nameRef}
          expiry={<ExpiryField choice={expiry} onChoice={setExpiry} policyDays={policyDays} now={now} errors={errors} />}
        />
      </div>
      <FormDialogFooter label="Create & View" busyLabel="Creating…" busy={busy} />
    </form>
  );
}
